// fmt's out-of-line functions, compiled from Debian's fmt/format-inl.h (see CMakeLists.txt).
// Outside header-only mode that header defines them as ordinary functions; the templates that
// formatting code calls without defining are instantiated below for char, the only character
// type edgeorch formats. A missing one shows up as an undefined symbol at link time.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {

template auto dragonbox::to_decimal(float x) noexcept -> dragonbox::decimal_fp<float>;
template auto dragonbox::to_decimal(double x) noexcept -> dragonbox::decimal_fp<double>;
template auto thousands_sep_impl(locale_ref) -> thousands_sep_result<char>;
template auto decimal_point_impl(locale_ref) -> char;

}  // namespace detail
FMT_END_NAMESPACE
