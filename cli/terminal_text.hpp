// Text from an operator's input (scenario names, paths, echoed values) on its
// way to a terminal (issue 16): control characters and bytes that are not
// UTF-8 become visible escapes, so a name cannot move the cursor, recolour the
// terminal or garble the table.
#pragma once
#include <string>
#include <string_view>

namespace spoolsim::cli {

// "\x1b[31m" -> "\\x1b[31m"; DEL and C1 controls too; a byte that is not
// UTF-8 -> "\\xNN". Newlines and tabs are kept when `keep_newlines` (messages
// of several lines), escaped otherwise (a table cell).
std::string printable(std::string_view text, bool keep_newlines = false);

}  // namespace spoolsim::cli
