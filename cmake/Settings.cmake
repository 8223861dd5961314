# Build policy as INTERFACE targets that project code links privately and
# third-party code never sees (the ccache StandardWarnings/StandardSettings idea).
add_library(ttaobs_warnings INTERFACE)
target_compile_options(ttaobs_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion
  # designated initializers (the suite table) deliberately leave defaulted fields out
  -Wno-missing-field-initializers)
# Warnings are errors in CI and developer builds (scripts/setup, scripts/test turn this on), never
# by default: a user's or packager's compiler may warn where ours does not.
option(TTAOBS_WERROR "Treat warnings in project code as errors" OFF)
if(TTAOBS_WERROR)
  target_compile_options(ttaobs_warnings INTERFACE -Werror)
endif()

add_library(ttaobs_settings INTERFACE)
target_compile_definitions(ttaobs_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(TTAOBS_SANITIZE)
  string(REPLACE ";" "," _ttaobs_san "${TTAOBS_SANITIZE}")
  target_compile_options(ttaobs_settings INTERFACE -fsanitize=${_ttaobs_san} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(ttaobs_settings INTERFACE -fsanitize=${_ttaobs_san})
endif()

# GCC 12 reports -Wrestrict false positives inside std::string concatenation at -O2/-O3
# (GCC bug 105329), and -Wmaybe-uninitialized false positives when a std::variant of
# vector-holding alternatives is moved and destroyed at -O2 (GCC bugs 105562, 107138) — a
# warning that depends on the inliner's mood, not on the code. The first is off; the second
# stays a warning but never fails a -Werror build. Both stay errors for every other compiler
# (clang's sanitizer build and GCC 13+ keep the guard).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(ttaobs_warnings INTERFACE -Wno-restrict -Wno-error=maybe-uninitialized)
endif()
