# Install rules (`cmake --install build [--prefix P]`) and the Debian package (cmake/Packaging.cmake).
# Only the program, its man page, shell completions and the Markdown docs are installed: never the
# tests, benches or fuzz harnesses. tests/packaging checks both the tree and the .deb.
include(GNUInstallDirs)
include(${CMAKE_CURRENT_LIST_DIR}/Version.cmake)

install(TARGETS ttaobs RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# ttaobs(1), compressed as Debian policy wants (gzip -n: no name or time stamp, reproducible).
find_program(TTAOBS_GZIP gzip)
set(_ttaobs_man ${PROJECT_SOURCE_DIR}/docs/ttaobs.1)
if(TTAOBS_GZIP)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/ttaobs.1.gz
    COMMAND ${TTAOBS_GZIP} -9 -n -c ${_ttaobs_man} > ${PROJECT_BINARY_DIR}/ttaobs.1.gz
    DEPENDS ${_ttaobs_man} VERBATIM)
  add_custom_target(ttaobs_man DEPENDS ${PROJECT_BINARY_DIR}/ttaobs.1.gz)
  add_dependencies(ttaobs ttaobs_man) # so `cmake --install` after building ttaobs finds it
  set(_ttaobs_man ${PROJECT_BINARY_DIR}/ttaobs.1.gz)
endif()
install(FILES ${_ttaobs_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Completions where each shell looks for them under the prefix. zsh has no such place common to all
# systems: Debian's (the .deb's) is share/zsh/vendor-completions; elsewhere or under /usr/local set
# it to share/zsh/site-functions.
set(TTAOBS_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions
    CACHE STRING "Where _ttaobs is installed, relative to the prefix")
install(FILES ${PROJECT_SOURCE_DIR}/completions/ttaobs.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME ttaobs)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_ttaobs DESTINATION ${TTAOBS_ZSH_COMPLETION_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/completions/ttaobs.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

file(GLOB _ttaobs_docs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${_ttaobs_docs} DESTINATION ${CMAKE_INSTALL_DOCDIR})

include(${CMAKE_CURRENT_LIST_DIR}/Packaging.cmake)
