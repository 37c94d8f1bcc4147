# mofgen_generate(): run mofgen at build time, like protobuf_generate().
#
#   find_package(mofgen REQUIRED)            # an installed mofgen; or, in a
#                                            # source tree, include(MofgenGenerate)
#   mofgen_generate(
#     MOF schema/Foo.mof schema/Base.mof     # the MOF files to compile (not the ones they include)
#     [CLASSES Foo Base]                     # emit only these (default: every class the MOF declares)
#     [OUTPUT_DIR dir]                       # default: ${CMAKE_CURRENT_BINARY_DIR}/mofgen
#     [INCLUDE_DIRS dir...]                  # -I folders for #pragma include
#     [OPTIONS -Wno-extra-semi ...]          # more mofgen options
#     [TARGET target]                        # add the sources to this target, with the runtime
#     [OUT_VAR var])                         # or get the generated files (and the run's stamp) in var
#
# CMake must know the generated files when it configures.  With a mofgen that
# exists then (find_package's, or MOFGEN_EXECUTABLE), it asks it: `mofgen
# --list-outputs` with the same options names the files the run will write
# and every MOF file read, includes too; those become configure dependencies,
# so a class added to the schema reconfigures and adds its files, with no
# CMake edit.  CLASSES, when given, are checked then too: a name the input
# does not declare fails the configure with the classes it does declare.
# mofgen built in the same project does not exist at configure time: there
# the outputs are one Foo.h/Foo.c pair per CLASSES name (default: the MOF
# file names).  Outputs are rewritten only when their content changes, so an
# edited schema recompiles only what it changed.
function(mofgen_generate)
  cmake_parse_arguments(MG "" "OUTPUT_DIR;TARGET;OUT_VAR" "MOF;CLASSES;INCLUDE_DIRS;OPTIONS" ${ARGN})
  if(NOT MG_MOF)
    message(FATAL_ERROR "mofgen_generate: MOF files are required")
  endif()
  if(NOT MG_TARGET AND NOT MG_OUT_VAR)
    message(FATAL_ERROR "mofgen_generate: give TARGET (a target to add the bindings to) or OUT_VAR "
                        "(a variable to receive the generated files); without either nothing would build them")
  endif()
  if(MG_TARGET AND NOT TARGET mofgen::mofrt)
    message(FATAL_ERROR "mofgen_generate: TARGET links the runtime mofgen::mofrt, which is not defined: "
                        "use find_package(mofgen), or build mofgen in this project")
  endif()
  if(NOT MG_OUTPUT_DIR)
    set(MG_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/mofgen)
  endif()
  # Relative to the build folder, as for other generated files.
  get_filename_component(MG_OUTPUT_DIR ${MG_OUTPUT_DIR} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  # The compiler: the in-tree `mofgen` target (built first, so not there
  # yet when this runs), the imported mofgen::mofgen of find_package(mofgen),
  # or MOFGEN_EXECUTABLE from PATH.
  set(configure_exe)
  if(TARGET mofgen)
    set(exe $<TARGET_FILE:mofgen>)
    set(exe_dep mofgen)
  elseif(TARGET mofgen::mofgen)
    set(exe $<TARGET_FILE:mofgen::mofgen>)
    set(exe_dep $<TARGET_FILE:mofgen::mofgen>)
    get_target_property(configure_exe mofgen::mofgen LOCATION)
  else()
    find_program(MOFGEN_EXECUTABLE mofgen REQUIRED)
    set(exe ${MOFGEN_EXECUTABLE})
    set(exe_dep ${MOFGEN_EXECUTABLE})
    set(configure_exe ${MOFGEN_EXECUTABLE})
  endif()
  if(NOT MG_CLASSES AND NOT configure_exe)
    foreach(mof IN LISTS MG_MOF)
      get_filename_component(name ${mof} NAME_WE)
      list(APPEND MG_CLASSES ${name})
    endforeach()
  endif()
  set(mofs)
  list(JOIN MG_MOF " " mof_names)
  foreach(mof IN LISTS MG_MOF)
    get_filename_component(abs ${mof} ABSOLUTE)
    list(APPEND mofs ${abs})
  endforeach()
  set(class_args)
  foreach(cls IN LISTS MG_CLASSES)
    list(APPEND class_args --class ${cls})
  endforeach()
  set(include_args)
  foreach(dir IN LISTS MG_INCLUDE_DIRS)
    list(APPEND include_args -I ${dir})
  endforeach()
  set(outputs)
  set(inputs)
  if(configure_exe)
    execute_process(
      COMMAND ${configure_exe} --list-outputs -o ${MG_OUTPUT_DIR} ${include_args} ${class_args} ${MG_OPTIONS} ${mofs}
      RESULT_VARIABLE rc OUTPUT_VARIABLE listing ERROR_VARIABLE errors)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "mofgen_generate: cannot list the files mofgen would generate from ${mof_names}:\n${errors}")
    endif()
    # "output PATH" and "input PATH" lines; a path holds no newline.
    string(REGEX REPLACE "\n$" "" listing "${listing}")
    string(REPLACE ";" "\\;" listing "${listing}")
    string(REPLACE "\n" ";" listing "${listing}")
    foreach(line IN LISTS listing)
      if(line MATCHES "^output (.+)$")
        list(APPEND outputs "${CMAKE_MATCH_1}")
      elseif(line MATCHES "^input (.+)$")
        list(APPEND inputs "${CMAKE_MATCH_1}")
      endif()
    endforeach()
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${inputs} ${configure_exe})
  else()
    foreach(cls IN LISTS MG_CLASSES)
      list(APPEND outputs ${MG_OUTPUT_DIR}/${cls}.c ${MG_OUTPUT_DIR}/${cls}.h)
    endforeach()
  endif()
  # mofgen rewrites only files whose content changed, so the generated files
  # are byproducts and a stamp records the run: what did not change is not
  # recompiled.
  # One stamp per call: two calls writing into one folder do not share it.
  string(SHA1 call_id "${MG_MOF};${MG_CLASSES}")
  string(SUBSTRING ${call_id} 0 12 call_id)
  set(stamp ${MG_OUTPUT_DIR}/.mofgen-${call_id}.stamp)
  # mofgen names every file it read (#pragma include'd ones too) and every
  # --template-dir template it used in a depfile, so editing any of them
  # reruns it.  Makefile generators read depfiles from CMake 3.20.
  set(depfile_args)
  if(CMAKE_GENERATOR MATCHES "Ninja" OR
     (CMAKE_GENERATOR MATCHES "Makefiles" AND CMAKE_VERSION VERSION_GREATER_EQUAL 3.20))
    set(depfile_args DEPFILE ${stamp}.d)
    set(depfile_options --depfile ${stamp}.d --depfile-target ${stamp})
  endif()
  if(POLICY CMP0116)
    cmake_policy(PUSH)
    cmake_policy(SET CMP0116 NEW) # the depfile holds absolute paths either way
  endif()
  add_custom_command(
    OUTPUT ${stamp}
    BYPRODUCTS ${outputs}
    COMMAND ${exe} -o ${MG_OUTPUT_DIR} ${include_args} ${class_args} ${depfile_options} ${MG_OPTIONS} ${mofs}
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    DEPENDS ${mofs} ${inputs} ${exe_dep} # inputs: the included files too, when listed
    ${depfile_args}
    COMMENT "Generating C bindings from ${mof_names}"
    VERBATIM)
  if(POLICY CMP0116)
    cmake_policy(POP)
  endif()
  list(APPEND outputs ${stamp})
  if(MG_TARGET)
    target_sources(${MG_TARGET} PRIVATE ${outputs})
    target_include_directories(${MG_TARGET} PUBLIC ${MG_OUTPUT_DIR})
    target_link_libraries(${MG_TARGET} PUBLIC mofgen::mofrt)
  endif()
  if(MG_OUT_VAR)
    set(${MG_OUT_VAR} ${outputs} PARENT_SCOPE)
  endif()
endfunction()
