# SPDX-License-Identifier: MIT
# The Python that runs ScaleLab's tools (scripts/): SCALELAB_PYTHON if given, else the first
# Python 3.8+ that has numpy and matplotlib (plot and report need them) among the one
# FindPython3 picks and every python3 on PATH. The launchers in bin/ (build tree and install)
# carry it, so nothing depends on /usr/bin/python3; at run time SCALELAB_PYTHON overrides it.
set(SCALELAB_PYTHON "" CACHE FILEPATH "Python 3.8+ with numpy and matplotlib for the ScaleLab tools")

function(_scalelab_python_ok candidate result)
  execute_process(
    COMMAND ${candidate} -c "import sys, numpy, matplotlib; assert sys.version_info >= (3, 8)"
    RESULT_VARIABLE code OUTPUT_QUIET ERROR_QUIET)
  if(code EQUAL 0)
    set(${result} TRUE PARENT_SCOPE)
  else()
    set(${result} FALSE PARENT_SCOPE)
  endif()
endfunction()

if(SCALELAB_PYTHON)
  _scalelab_python_ok(${SCALELAB_PYTHON} usable)
  if(NOT usable)
    message(FATAL_ERROR "SCALELAB_PYTHON=${SCALELAB_PYTHON} is not a Python 3.8+ with numpy and matplotlib")
  endif()
else()
  find_package(Python3 3.8 COMPONENTS Interpreter)
  set(candidates ${Python3_EXECUTABLE})
  foreach(name python3 python)
    find_program(_scalelab_on_path NAMES ${name} NO_CACHE)
    list(APPEND candidates ${_scalelab_on_path})
    unset(_scalelab_on_path)
  endforeach()
  # PATH may lead to a Python without numpy (a pyenv shim) while the system's has it.
  list(APPEND candidates /usr/bin/python3)
  list(REMOVE_DUPLICATES candidates)
  foreach(candidate IN LISTS candidates)
    _scalelab_python_ok(${candidate} usable)
    if(usable)
      set(SCALELAB_PYTHON ${candidate} CACHE FILEPATH "" FORCE)
      break()
    endif()
  endforeach()
  if(NOT SCALELAB_PYTHON)
    message(FATAL_ERROR "No Python 3.8+ with numpy and matplotlib found (tried: ${candidates}); "
                        "install them or pass -DSCALELAB_PYTHON=/path/to/python3")
  endif()
endif()
message(STATUS "ScaleLab tools run with ${SCALELAB_PYTHON}")

# How ctest runs the Python tests: pytest (python3-pytest) with Debian's Python, which has
# numpy and matplotlib; pyproject.toml puts python/ on its path. -p no:cacheprovider: no
# .pytest_cache written into the source tree.
set(SCALELAB_PYTEST /usr/bin/python3 -m pytest -q -p no:cacheprovider)
