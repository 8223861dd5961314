#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace ttaobs {

/// Wrapper marking a value as the error alternative of an `Expected`.
template <typename E> struct Unexpected
{
  E error;
};

/// Builds an `Unexpected<E>` from `error`.
template <typename E> Unexpected<std::decay_t<E>> unexpected(E&& error)
{
  return Unexpected<std::decay_t<E>>{std::forward<E>(error)};
}

/// A value or an error, with the `std::expected` surface C++20 lacks (Debian 12 ships no tl-expected).
template <typename T, typename E> class [[nodiscard]] Expected
{
public:
  /// Holds a value.
  Expected(const T& value) : m_state(std::in_place_index<0>, value) {}
  /// Holds a value.
  Expected(T&& value) : m_state(std::in_place_index<0>, std::move(value)) {}
  /// Holds an error.
  template <typename G> Expected(Unexpected<G> error) : m_state(std::in_place_index<1>, std::move(error.error)) {}

  /// True when a value is held.
  bool has_value() const noexcept { return m_state.index() == 0; }
  /// True when a value is held.
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; precondition: `has_value()`.
  T& value() & { return std::get<0>(m_state); }
  /// The value; precondition: `has_value()`.
  const T& value() const& { return std::get<0>(m_state); }
  /// The value, moved out; precondition: `has_value()`.
  T&& value() && { return std::get<0>(std::move(m_state)); }
  /// The error; precondition: `!has_value()`.
  const E& error() const& { return std::get<1>(m_state); }
  /// The error, moved out; precondition: `!has_value()`.
  E&& error() && { return std::get<1>(std::move(m_state)); }

  /// The value, or `fallback` when an error is held.
  T value_or(T fallback) const& { return has_value() ? value() : std::move(fallback); }

  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

private:
  std::variant<T, E> m_state;
};

} // namespace ttaobs

/// Evaluates `expr` (an Expected); on error returns that error from the enclosing function.
#define TTAOBS_TRY(expr)                                                                                               \
  do {                                                                                                                 \
    auto&& ttaobs_try_result_ = (expr);                                                                                \
    if (!ttaobs_try_result_) {                                                                                         \
      return ::ttaobs::unexpected(std::move(ttaobs_try_result_).error());                                              \
    }                                                                                                                  \
  } while (false)

/// Declares `var` from the value of `expr` (an Expected), or returns its error.
#define TTAOBS_TRY_ASSIGN(var, expr)                                                                                   \
  auto&& var##_expected_ = (expr);                                                                                     \
  if (!var##_expected_) {                                                                                              \
    return ::ttaobs::unexpected(std::move(var##_expected_).error());                                                   \
  }                                                                                                                    \
  auto var = std::move(var##_expected_).value()
