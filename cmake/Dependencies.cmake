# Every dependency comes from a Debian 12 package (scripts/setup installs them).
find_package(Threads REQUIRED)
find_package(CURL 7.88 REQUIRED)
find_package(ZLIB 1.2 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2) # linear-time regexes in PromQL's syntax (libre2-dev)
# the OTLP/HTTP receiver's server (libmicrohttpd-dev): connection, per-IP and header-size bounds, idle timeouts, a pool
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)
find_package(yaml-cpp 0.7 REQUIRED) # suite files: positions, aliases, a depth guard (libyaml-cpp-dev)
if(TTAOBS_BUILD_TESTS)
  find_package(doctest 2.4 REQUIRED)
endif()
# OTLP/protobuf (libprotozero-dev): header-only, zero-copy reading and writing of the wire format
# without protoc-generated code or the libprotobuf runtime; the OTLP messages are read by hand.
find_path(PROTOZERO_INCLUDE_DIR protozero/pbf_reader.hpp REQUIRED)
add_library(protozero::protozero INTERFACE IMPORTED)
target_include_directories(protozero::protozero SYSTEM INTERFACE ${PROTOZERO_INCLUDE_DIR})
