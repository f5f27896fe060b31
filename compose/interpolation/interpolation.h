// Compose's variable interpolation of one scalar: $NAME, ${NAME}, ${NAME:-default},
// ${NAME-default}, ${NAME:?message}, ${NAME?message}, ${NAME:+alternative},
// ${NAME+alternative} and the $$ escape, with the meaning `docker compose` gives them.
// Defaults and alternatives are themselves interpolated (${A:-${B}}). A `$` followed by
// anything else ("$1", "cost: 5$") is kept as written, as Compose keeps it.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "compose/compose_inputs.h"
#include "core/result.h"

namespace edge::compose {

struct Interpolated {
    std::string text;
    // Variables used without a value or a default, in order of appearance; each became "".
    std::vector<std::string> unset;
};

// The error's message is the part after `FILE:LINE: PATH: `: the `?` form's own message, or
// what is wrong with the syntax.
Result<Interpolated> interpolate(const std::string& text, const Variables& variables);

}  // namespace edge::compose
