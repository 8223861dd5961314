#pragma once

namespace ttaobs::util {

/// Base for types with identity (clients, runners) that must not be copied.
class NonCopyable
{
protected:
  NonCopyable() = default;
  ~NonCopyable() = default;

public:
  NonCopyable(const NonCopyable&) = delete;
  NonCopyable& operator=(const NonCopyable&) = delete;
};

} // namespace ttaobs::util
