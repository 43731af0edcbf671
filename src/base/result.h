#pragma once
// result<T, E>: a value or an error, returned instead of throwing on every path that
// can fail for reasons outside the program (bad input, I/O). A small stand-in for
// C++23 std::expected with the same spelling for the parts we use.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error_code.h"

namespace sb {

template <class E>
class unexpected {
public:
    explicit unexpected(E e) : error_(std::move(e)) {}
    E& error() & { return error_; }
    E&& error() && { return std::move(error_); }
    const E& error() const& { return error_; }

private:
    E error_;
};

template <class E>
unexpected(E) -> unexpected<E>;

template <class T, class E = error_code>
class [[nodiscard]] result {
public:
    using value_type = T;
    using error_type = E;

    template <class U = T>
        requires std::is_constructible_v<T, U&&> &&
                 (!std::is_same_v<std::remove_cvref_t<U>, result>) &&
                 (!std::is_same_v<std::remove_cvref_t<U>, unexpected<E>>)
    result(U&& v) : v_(std::in_place_index<0>, std::forward<U>(v)) {}  // NOLINT(implicit)

    template <class G>
    result(unexpected<G> e) : v_(std::in_place_index<1>, std::move(e).error()) {}  // NOLINT

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { assert(has_value()); return std::get<0>(v_); }
    const T& value() const& { assert(has_value()); return std::get<0>(v_); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    E& error() & { assert(!has_value()); return std::get<1>(v_); }
    const E& error() const& { assert(!has_value()); return std::get<1>(v_); }
    E&& error() && { assert(!has_value()); return std::get<1>(std::move(v_)); }

    template <class U>
    T value_or(U&& fallback) const& {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, E> v_;
};

// result<void, E>: success carries nothing.
template <class E>
class [[nodiscard]] result<void, E> {
public:
    result() = default;
    template <class G>
    result(unexpected<G> e) : error_(std::move(e).error()), ok_(false) {}  // NOLINT

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    void value() const { assert(ok_); }
    const E& error() const { assert(!ok_); return error_; }

private:
    E error_{};
    bool ok_ = true;
};

using status = result<void, error_code>;

}  // namespace sb
