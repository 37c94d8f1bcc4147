# Extracts the tour's C from README.md, so the test readme_tour compiles
# what the README shows (tests/readme_tour.cmake):
#
#   ```c tour-file      file-scope code (functions), in order
#   ```c tour           statements, in order: one main() runs them all
#   ```c tour-program   a complete program, compiled as it stands
#   ```text tour-output what that program prints
#
# Any other ```c block is an error: every C block in the README compiles.
#
#   cmake -DREADME=README.md -DOUT_DIR=dir -P extract_readme.cmake
# writes OUT_DIR/readme_fragments.c, readme_program.c, readme_program.expected.
cmake_minimum_required(VERSION 3.18)
file(READ ${README} rest)
set(file_scope "")
set(statements "")
set(program "")
set(expected "")
set(found 0)
while(TRUE)
  string(FIND "${rest}" "\n```" open)
  if(open EQUAL -1)
    break()
  endif()
  math(EXPR open "${open} + 4")
  string(SUBSTRING "${rest}" ${open} -1 rest)
  string(FIND "${rest}" "\n" eol)
  if(eol EQUAL -1)
    break()
  endif()
  string(SUBSTRING "${rest}" 0 ${eol} info)
  math(EXPR eol "${eol} + 1")
  string(SUBSTRING "${rest}" ${eol} -1 rest)
  # The block runs to the next fence at the start of a line.
  if(rest MATCHES "^```")
    set(close 0)
    set(body "")
  else()
    string(FIND "${rest}" "\n```" close)
    if(close EQUAL -1)
      message(FATAL_ERROR "${README}: a ```${info} block is never closed")
    endif()
    string(SUBSTRING "${rest}" 0 ${close} body)
    math(EXPR close "${close} + 1")
  endif()
  math(EXPR close "${close} + 3")
  string(SUBSTRING "${rest}" ${close} -1 rest)
  string(STRIP "${info}" info)
  if(info STREQUAL "c tour-file")
    string(APPEND file_scope "${body}\n\n")
  elseif(info STREQUAL "c tour")
    string(APPEND statements "${body}\n")
    math(EXPR found "${found} + 1")
  elseif(info STREQUAL "c tour-program")
    string(APPEND program "${body}\n")
  elseif(info STREQUAL "text tour-output")
    string(APPEND expected "${body}\n")
  elseif(info MATCHES "^c( |$)")
    # C that no test compiles could drift from the API unnoticed.
    message(FATAL_ERROR "${README}: a ```${info} block that is not part of the tour; tag it "
                        "'c tour', 'c tour-file' or 'c tour-program', or fence a pattern as plain text")
  endif()
endwhile()
if(found EQUAL 0 OR program STREQUAL "" OR expected STREQUAL "")
  message(FATAL_ERROR "${README}: the tour's ```c tour, ```c tour-program or ```text tour-output blocks are missing")
endif()
# Each file is rewritten only when its content changes.  The content is
# passed by variable name: C is full of ';', which a CMake list would split.
function(write name content_var)
  file(WRITE ${OUT_DIR}/${name}.new "${${content_var}}")
  configure_file(${OUT_DIR}/${name}.new ${OUT_DIR}/${name} COPYONLY)
  file(REMOVE ${OUT_DIR}/${name}.new)
endfunction()
set(fragments "/* Extracted from README.md by tests/extract_readme.cmake: do not edit. */\n"
              "#include \"Tour_Base.h\"\n#include \"Tour_Item.h\"\n#include \"Tour_Job.h\"\n\n"
              "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n")
string(JOIN "" fragments ${fragments})
string(APPEND fragments "${file_scope}int main(void)\n{\n${statements}    return 0;\n}\n")
write(readme_fragments.c fragments)
write(readme_program.c program)
write(readme_program.expected expected)
