# `cpack -G DEB` (from the build directory) builds ttaobs_<version>_<arch>.deb from the install rules
# of cmake/Install.cmake. Depends is computed by dpkg-shlibdeps from the binary's shared libraries,
# so the package installs and runs on the Debian release it was built on (tests/packaging checks
# that in a fresh Debian 12 root).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ttaobs)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "ttaobs")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "check that a service's traces and metrics really arrive, and tell CI")
set(CPACK_PACKAGE_DESCRIPTION [[
ttaobs validates OpenTelemetry telemetry end to end: it asks Jaeger (or Tempo)
for the traces a service sent, Prometheus for its metrics and scrape targets,
and the service's /metrics exposition, runs a suite of checks over what came
back, and reports to a terminal, JUnit, JSON or CI annotations with exit codes
a pipeline can act on. It also draws traces (ttaobs trace) and lints
Prometheus/OpenMetrics expositions (ttaobs lint-metrics).]])
set(TTAOBS_PACKAGE_MAINTAINER "ttaobs maintainers <maintainers@users.noreply.b-seed-6a41a597.example>"
    CACHE STRING "The .deb's Maintainer field")
set(CPACK_PACKAGE_CONTACT "${TTAOBS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES YES)

set(CPACK_DEBIAN_PACKAGE_NAME ttaobs)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # ttaobs_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS YES)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

# Only what the install rules put under the prefix; no source package.
set(CPACK_SOURCE_GENERATOR "")
include(CPack)
