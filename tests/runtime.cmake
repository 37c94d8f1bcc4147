# owned by the runtime tests
