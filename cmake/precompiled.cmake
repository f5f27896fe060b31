# Precompiled headers. The third-party headers that most files include (nlohmann/json, spdlog,
# yaml-cpp, GoogleTest) take longer to parse than most of our own sources, and a CI run
# compiles every source two or three times; precompiling them once per target saves that.
# Each library gets only the headers of the libraries it links, so the pure core never sees an
# I/O library's header. -DEDGE_PCH=OFF turns this off (e.g. to check that every file includes
# what it uses).
# With ccache, scripts/build.sh sets the sloppiness ccache needs to cache PCH builds.

# clang stamps a precompiled header with its build time, which ccache would hash into every
# source that uses it; without the stamp a rebuilt header is byte-identical and still hits.
if(EDGE_PCH AND EDGE_CCACHE AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options("SHELL:-Xclang -fno-pch-timestamp")
endif()

set(edge_pch_standard
  <algorithm> <chrono> <cstdint> <functional> <map> <memory> <optional> <set> <string>
  <string_view> <utility> <variant> <vector>)

# Library -> the third-party headers precompiled for it (besides the standard ones).
set(edge_pch_json <nlohmann/json.hpp>)
set(edge_pch_json_log <nlohmann/json.hpp> <spdlog/spdlog.h>)
set(edge_pch_libraries
  "edge_core:"
  "edge_schema:json"
  "edge_compose:yaml"
  "edge_bus:json_log"
  "edge_security:json_log"
  "edge_hub:json_log"
  "edge_agent:json_log"
  "edge_ctl:json_log")

function(edge_precompile_library_headers)
  if(NOT EDGE_PCH)
    return()
  endif()
  foreach(entry ${edge_pch_libraries})
    string(REPLACE ":" ";" parts "${entry}")
    list(GET parts 0 target)
    list(LENGTH parts count)
    set(extra "")
    if(count GREATER 1)
      list(GET parts 1 kind)
      if(kind STREQUAL "yaml")
        set(extra <yaml-cpp/yaml.h>)
      elseif(kind STREQUAL "json")
        set(extra ${edge_pch_json})
      elseif(kind STREQUAL "json_log")
        set(extra ${edge_pch_json_log})
      endif()
    endif()
    if(TARGET ${target})
      target_precompile_headers(${target} PRIVATE ${edge_pch_standard} ${extra})
    endif()
  endforeach()
endfunction()

# Unit tests: GoogleTest and nlohmann/json (most tests build or read JSON messages).
function(edge_precompile_test_headers target)
  if(EDGE_PCH)
    target_precompile_headers(${target} PRIVATE
      ${edge_pch_standard} <gtest/gtest.h> <gmock/gmock.h> <nlohmann/json.hpp>)
  endif()
endfunction()
