# ctest -R installed_package: install mofgen into a fresh prefix, build
# tests/package (a project of its own using find_package(mofgen) and
# mofgen_generate), run it, and check what it printed.
#
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -DC_COMPILER=...
#         [-DLINK_FLAGS=...] -P package_test.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${command}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(installed bin/mofgen include/mofrt.h)
  if(NOT EXISTS ${prefix}/${installed})
    message(FATAL_ERROR "not installed: ${installed}")
  endif()
endforeach()

run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/package -B ${WORK_DIR}/build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER}
    "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
if(NOT EXISTS ${WORK_DIR}/build/mofgen/Shop_Order.h)
  message(FATAL_ERROR "mofgen_generate wrote no Shop_Order.h into the consumer's build tree")
endif()

execute_process(COMMAND ${WORK_DIR}/build/consumer
  INPUT_FILE ${SOURCE_DIR}/tests/package/order.json
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(expected "instance of Shop_Order\n{\n    Id = 7;\n    Customer = \"Ann \\\"A\\\" Lee\";\n    Status = 1;\n};\n")
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "consumer exited ${rc}: ${err}\nprinted:\n${out}\nexpected:\n${expected}")
endif()
# A call that could build nothing says so when the project configures.
file(WRITE ${WORK_DIR}/misuse/CMakeLists.txt
  "cmake_minimum_required(VERSION 3.18)\nproject(misuse LANGUAGES C)\nfind_package(mofgen REQUIRED)\n"
  "mofgen_generate(MOF ${SOURCE_DIR}/tests/package/Shop_Order.mof)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/misuse -B ${WORK_DIR}/misuse/build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "give TARGET")
  message(FATAL_ERROR "mofgen_generate without TARGET or OUT_VAR was accepted (${rc}):\n${err}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
