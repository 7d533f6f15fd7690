// The self-contained HTML report (issue 17 item 4): one file that opens with
// no network, rendered from the JSON that `run`, `sweep` or `compare` print.
// Every number in its tables is a <span class="num"> that names its JSON
// field and precision (data-json, data-scale, data-dp), so a test can check
// each against the data, which the page embeds (<script type="application/json">).
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "report/json_field.hpp"

namespace spoolsim::report {

enum class ResultKind { Run, Sweep, Compare };

// What a document is, from its keys; throws FieldError when it is none of them.
ResultKind result_kind(const nlohmann::ordered_json& data);

struct ReportInput {
  std::string name;  // where it came from (a file name, or "spoolsim run"), shown in the page
  nlohmann::ordered_json data;
};

// The whole page. Throws FieldError (with its pointer) for a document that
// lacks a field the page shows; `FieldError::what()` says which.
std::string html_report(const std::vector<ReportInput>& inputs);

// The colour a strategy has in every chart (stable across pages).
std::string strategy_colour(const std::string& strategy, std::size_t index);

}  // namespace spoolsim::report
