// ${VAR} / ${file:PATH} interpolation, secret files and PEM files (src/config/secret_files.cpp):
// read and checked before any request, and never echoed.
#include <src/config/secret_files.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>

TEST_SUITE_BEGIN("config");

using namespace ttaobs::config;

namespace {

std::map<std::string, std::string> g_vars;

std::string fake_getenv(const char* name)
{
  const auto it = g_vars.find(name);
  return it == g_vars.end() ? std::string() : it->second;
}

Picked flag(std::string value)
{
  return Picked{std::move(value), "--tenant", true};
}

} // namespace

TEST_CASE("config secret_files: interpolate expands ${VAR}, ${file:PATH} and $${")
{
  const auto dir = ttaobs::test::temp_dir("config-secret-files");
  std::ofstream(dir + "/token") << "t0ken\n\n";
  g_vars = {{"TEAM", "core"}};
  CHECK(interpolate(flag("a-${TEAM}-b"), "tenant", fake_getenv).value() == "a-core-b");
  CHECK(interpolate(flag("${file:" + dir + "/token}"), "tenant", fake_getenv).value() == "t0ken");
  CHECK(interpolate(flag("$${TEAM}"), "tenant", fake_getenv).value() == "${TEAM}");
  CHECK(interpolate(flag("${UNSET}"), "tenant", fake_getenv).error() ==
        "invalid tenant (from --tenant): environment variable UNSET is not set");
  CHECK(interpolate(flag("${TEAM"), "tenant", fake_getenv).error() ==
        "invalid tenant (from --tenant): unterminated ${ (write $${ for a literal one)");
  CHECK(interpolate(flag("${1X}"), "tenant", fake_getenv).error() ==
        "invalid tenant (from --tenant): expected ${NAME} (an environment variable) or ${file:PATH}");
}

TEST_CASE("config secret_files: a secret file is one line, never echoed")
{
  const auto dir = ttaobs::test::temp_dir("config-secret-files");
  std::ofstream(dir + "/two") << "s3cret\nline\n";
  std::ofstream(dir + "/empty") << "\n";
  const auto two = read_secret_file(dir + "/two", "bearer-token-file", flag(""));
  REQUIRE_FALSE(two);
  CHECK(two.error().find("s3cret") == std::string::npos);
  CHECK(two.error().find("must hold one line") != std::string::npos);
  CHECK(read_secret_file(dir + "/empty", "bearer-token-file", flag("")).error().find("is empty") != std::string::npos);
  CHECK(read_secret_file(dir, "bearer-token-file", flag("")).error().find("is a directory") != std::string::npos);
}

TEST_CASE("config secret_files: PEM files, header names and control characters")
{
  const auto dir = ttaobs::test::temp_dir("config-secret-files");
  std::ofstream(dir + "/both.pem") << "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n"
                                      "-----BEGIN PRIVATE KEY-----\ny\n-----END PRIVATE KEY-----\n";
  std::ofstream(dir + "/not.pem") << "hello\n";
  CHECK(check_pem(dir + "/both.pem", "client-cert", flag(""), "CERTIFICATE-----", false).value());
  CHECK(check_pem(dir, "ca-file", flag(""), "CERTIFICATE-----", true)); // a hashed CA directory
  CHECK(check_pem(dir + "/not.pem", "ca-file", flag(""), "CERTIFICATE-----", true).error().find("is not a PEM file") !=
        std::string::npos);
  CHECK(header_name_ok("X-Scope-OrgID"));
  CHECK_FALSE(header_name_ok("bad name"));
  CHECK_FALSE(header_name_ok(""));
  CHECK(has_control("a\nb"));
  CHECK_FALSE(has_control("a\tb"));
}

TEST_SUITE_END();
