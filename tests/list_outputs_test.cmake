# ctest -R generate_lists_outputs: mofgen_generate without CLASSES learns its
# outputs from `mofgen --list-outputs` when the project configures, so a
# class added to an included MOF file needs no CMake edit: the next build
# reconfigures and compiles the new class's files.  CLASSES that the input
# does not declare fail the configure, naming the classes it does declare.
#
#   cmake -DBUILD_DIR=... -DWORK_DIR=... -DC_COMPILER=... [-DLINK_FLAGS=...] -P list_outputs_test.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
set(project ${WORK_DIR}/project)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${command}\n${out}\n${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

file(WRITE ${project}/schema/Shop_Base.mof "class Shop_Base\n{\n    [Key] uint64 Id;\n};\n")
file(WRITE ${project}/schema/Shop.mof
  "#pragma include (\"Shop_Base.mof\")\nclass Shop_Order : Shop_Base\n{\n    string Customer;\n};\n")
file(WRITE ${project}/main.c
  "#include \"Shop_Order.h\"\nint main(void)\n{\n    Shop_Order o;\n    Shop_Order_init(&o);\n"
  "    Shop_Order_free(&o);\n    return 0;\n}\n")
file(WRITE ${project}/CMakeLists.txt
  "cmake_minimum_required(VERSION 3.18)\nproject(listing LANGUAGES C)\nfind_package(mofgen REQUIRED)\n"
  "add_executable(shop main.c)\n"
  "mofgen_generate(MOF \${CMAKE_CURRENT_SOURCE_DIR}/schema/Shop.mof TARGET shop)\n")
run(${CMAKE_COMMAND} -S ${project} -B ${project}/build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_C_COMPILER=${C_COMPILER} "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}")
run(${CMAKE_COMMAND} --build ${project}/build)
foreach(file Shop_Base.h Shop_Base.c Shop_Order.h Shop_Order.c)
  if(NOT EXISTS ${project}/build/mofgen/${file})
    message(FATAL_ERROR "the first build wrote no ${file}")
  endif()
endforeach()

# A class added to the included file: a build, and nothing else.
file(APPEND ${project}/schema/Shop_Base.mof "class Shop_Extra\n{\n    uint8 Level;\n};\n")
run(${CMAKE_COMMAND} --build ${project}/build)
if(NOT EXISTS ${project}/build/mofgen/Shop_Extra.h)
  message(FATAL_ERROR "a class added to an included MOF file was not generated on the next build")
endif()
file(GLOB_RECURSE objects ${project}/build/*Shop_Extra.c.o)
if(NOT objects)
  message(FATAL_ERROR "Shop_Extra.c was generated but not compiled into the target")
endif()

# CLASSES are checked when the project configures.
file(WRITE ${WORK_DIR}/misuse/CMakeLists.txt
  "cmake_minimum_required(VERSION 3.18)\nproject(misuse LANGUAGES C)\nfind_package(mofgen REQUIRED)\n"
  "mofgen_generate(MOF ${project}/schema/Shop.mof CLASSES Shop_Ordr OUT_VAR files)\n")
execute_process(COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/misuse -B ${WORK_DIR}/misuse/build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX REPLACE "[ \n]+" " " err_flat "${err}")
if(rc EQUAL 0 OR NOT err_flat MATCHES "Shop_Ordr: the input declares no such class; did you mean 'Shop_Order'\\?"
   OR NOT err_flat MATCHES "the input declares Shop_Base, Shop_Extra, Shop_Order")
  message(FATAL_ERROR "CLASSES naming an undeclared class was not refused with the declared ones (${rc}):\n${err}")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
