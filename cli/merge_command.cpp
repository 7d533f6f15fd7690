// `spoolsim merge SHARD.json...` (issue 17 item 5): the shards of one
// `sweep --shard I/N` become the sweep's result, byte-identical to the
// sweep run in one process. Shards that do not belong together, or a
// missing or doubled task, are an error and nothing is written.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "cli/report.hpp"
#include "cli/sweep.hpp"

namespace spoolsim::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> files;
  std::string format = "json";
  std::string out;
};

[[noreturn]] void bad_input(const std::string& message) {
  std::cerr << "spoolsim merge: " << message << "\n";
  throw Exit{kExitBadInput};
}

void merge(const MergeArgs& args) {
  if (!args.out.empty()) check_out_path("spoolsim merge", args.out);
  std::vector<ordered_json> shards;
  for (const std::string& file : args.files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) bad_input(file + ": cannot open");
    std::ostringstream text;
    text << in.rdbuf();
    try {
      shards.push_back(ordered_json::parse(text.str()));
    } catch (const nlohmann::json::exception& e) {
      bad_input(file + ": not JSON: " + e.what());
    }
  }
  std::string output;
  try {
    output = format_sweep(merge_shards(args.files, shards), args.format);
  } catch (const nlohmann::json::exception& e) {
    bad_input(std::string("a shard file is malformed: ") + e.what());
  } catch (const std::runtime_error& e) {
    bad_input(e.what());
  }
  if (args.out.empty()) {
    std::cout << output << std::flush;
    return;
  }
  try {
    write_file_atomically(args.out, output);
  } catch (const std::runtime_error& e) {
    bad_input(std::string("--out ") + e.what());
  }
}

void setup_merge(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "Merge the shard files of `spoolsim sweep --shard I/N` into the "
                                              "sweep's result (the same bytes as the sweep run whole)");
  cmd->add_option("SHARD", args->files, "Shard files, one per share, in any order")->required();
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->default_str("json");
  cmd->add_option("--out", args->out, "Write the result to FILE (atomically) instead of stdout");
  cmd->callback([args] { merge(*args); });
}

}  // namespace

SPOOLSIM_COMMAND(17, setup_merge)

}  // namespace spoolsim::cli
