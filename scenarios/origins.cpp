// Where every resolved value came from (issue 14 item 4): built-in default,
// server preset, client preset, scenario file (file:line:column), import
// (the configuration's file:line, read from the `# import:` comment the
// importer writes), or --set. And `explain`'s text: the resolved scenario with
// each value's origin, where what a preset or default chose is a comment, so
// that a file started from `explain` still follows a preset it switches to.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios {

std::string origin_kind_name(FieldOrigin::Kind kind) {
  switch (kind) {
    case FieldOrigin::Kind::Default: return "built-in default";
    case FieldOrigin::Kind::ServerPreset: return "server preset";
    case FieldOrigin::Kind::ClientPreset: return "client preset";
    case FieldOrigin::Kind::File: return "scenario file";
    case FieldOrigin::Kind::Import: return "import";
    case FieldOrigin::Kind::Calibration: return "calibration";
    case FieldOrigin::Kind::Set: return "--set";
  }
  return "?";
}

namespace detail {
namespace {

namespace gp = google::protobuf;

// Visits every field present in `message`: (path, message, field). Paths are
// the loader's (`population.client_mix[2].weight`, `clients[phone].auth`); a
// repeated scalar is one entry.
using Visit = std::function<void(const std::string&, const gp::Message&, const gp::FieldDescriptor&)>;

std::string element_path(const std::string& path, const gp::FieldDescriptor& field, const gp::Message& element,
                         int index) {
  if (field.name() == "clients") {
    const auto& profile = static_cast<const pb::ClientProfile&>(element);
    if (profile.has_name() && !profile.name().empty()) return path + "[" + profile.name() + "]";
  }
  return path + "[" + std::to_string(index) + "]";
}

void walk(const gp::Message& message, const std::string& prefix, const Visit& visit) {
  const gp::Reflection& r = *message.GetReflection();
  std::vector<const gp::FieldDescriptor*> fields;
  r.ListFields(message, &fields);
  for (const gp::FieldDescriptor* field : fields) {
    const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    visit(path, message, *field);
    if (field->cpp_type() != gp::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < r.FieldSize(message, field); ++i) {
        const gp::Message& element = r.GetRepeatedMessage(message, field, i);
        walk(element, element_path(path, *field, element, i), visit);
      }
    } else {
      walk(r.GetMessage(message, field), path, visit);
    }
  }
}

std::set<std::string> paths_of(const gp::Message& message, const std::string& prefix) {
  std::set<std::string> out;
  walk(message, prefix, [&](const std::string& p, const gp::Message&, const gp::FieldDescriptor&) { out.insert(p); });
  return out;
}

bool is_leaf(const gp::FieldDescriptor& field) {
  return field.cpp_type() != gp::FieldDescriptor::CPPTYPE_MESSAGE;
}

std::string value_text(const gp::Message& message, const gp::FieldDescriptor& field) {
  gp::TextFormat::Printer printer;
  if (!field.is_repeated()) {
    std::string out;
    printer.PrintFieldValueToString(message, &field, -1, &out);
    return out;
  }
  std::string out = "[";
  const int n = message.GetReflection()->FieldSize(message, &field);
  for (int i = 0; i < n; ++i) {
    std::string one;
    printer.PrintFieldValueToString(message, &field, i, &one);
    out += (i == 0 ? "" : ", ") + one;
  }
  return out + "]";
}

// The line of the text at 1-based `line`.
std::string line_of(const std::string& text, int line) {
  std::size_t start = 0;
  for (int l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::size_t end = text.find('\n', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool has_set_ancestor(const Origin& origin, std::string path) {
  for (;;) {
    if (origin.sets.count(path) > 0) return true;
    const auto cut = path.find_last_of(".[");
    if (cut == std::string::npos) return false;
    path = path.substr(0, cut);
  }
}

}  // namespace

std::vector<FieldOrigin> field_origins(const pb::Scenario& raw, const pb::Scenario& resolved, const Origin& origin,
                                       const std::string& text) {
  const std::set<std::string> in_file = paths_of(raw, "");
  std::set<std::string> from_server_preset;
  if (const pb::Server* preset = find_server_preset(resolved.server().preset())) {
    from_server_preset = paths_of(*preset, "server");
  }
  const bool built_in = origin.name == "<built-in default>";
  std::vector<FieldOrigin> out;
  walk(resolved, "", [&](const std::string& path, const gp::Message& message, const gp::FieldDescriptor& field) {
    if (!is_leaf(field)) return;
    FieldOrigin o;
    o.path = path;
    o.value = value_text(message, field);
    if (has_set_ancestor(origin, path)) {
      o.kind = FieldOrigin::Kind::Set;
      o.where = origin.where(path);
      o.live = true;
    } else if (in_file.count(path) > 0) {
      o.live = true;
      o.where = origin.where(path);
      o.kind = built_in ? FieldOrigin::Kind::Default : FieldOrigin::Kind::File;
      if (built_in) o.where = "built-in default scenario scenarios/default.textproto" + o.where.substr(origin.name.size());
      if (auto p = origin.positions.find(path); p != origin.positions.end()) {
        const std::string line = line_of(text, p->second.line);
        if (const auto mark = line.find("# import: "); mark != std::string::npos) {
          const std::string rest = line.substr(mark + 10);
          o.kind = FieldOrigin::Kind::Import;
          o.where = rest.substr(0, rest.find(' ')) + " (via " + o.where + ")";
        } else if (const auto fit = line.find("# calibration: "); fit != std::string::npos) {
          // Written by `spoolsim calibrate`: the comment is the fit's summary.
          o.kind = FieldOrigin::Kind::Calibration;
          o.where = line.substr(fit + 15) + " (via " + o.where + ")";
        }
      }
    } else if (from_server_preset.count(path) > 0) {
      o.kind = FieldOrigin::Kind::ServerPreset;
      o.where = "server preset " + resolved.server().preset();
    } else if (path.rfind("clients[", 0) == 0) {
      const std::string name = path.substr(8, path.find(']') - 8);
      o.where = "built-in generic client";
      for (const auto& profile : resolved.clients()) {
        if (profile.name() != name || profile.preset().empty()) continue;
        if (const pb::ClientProfile* preset = find_client_preset(profile.preset())) {
          if (paths_of(*preset, "clients[" + name + "]").count(path) > 0 || path == "clients[" + name + "].name" ||
              path == "clients[" + name + "].preset") {
            o.kind = FieldOrigin::Kind::ClientPreset;
            o.where = "client preset " + profile.preset();
          }
        }
      }
    } else {
      o.where = "built-in default";
    }
    out.push_back(std::move(o));
  });
  return out;
}

std::string print_explained(const pb::Scenario& resolved, const std::vector<FieldOrigin>& origins) {
  std::map<std::string, const FieldOrigin*> by_path;
  for (const FieldOrigin& o : origins) by_path[o.path] = &o;
  std::ostringstream out;
  // A block is written live when anything in it is; otherwise as a comment.
  const auto live_under = [&](const std::string& path) {
    for (auto it = by_path.lower_bound(path); it != by_path.end() && it->first.rfind(path, 0) == 0; ++it) {
      const char next = it->first.size() > path.size() ? it->first[path.size()] : '\0';
      if ((next == '.' || next == '[' || next == '\0') && it->second->live) return true;
    }
    return false;
  };
  std::function<void(const gp::Message&, const std::string&, const std::string&, bool)> print =
      [&](const gp::Message& message, const std::string& prefix, const std::string& indent, bool commented) {
        const gp::Reflection& r = *message.GetReflection();
        std::vector<const gp::FieldDescriptor*> fields;
        r.ListFields(message, &fields);
        for (const gp::FieldDescriptor* field : fields) {
          const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
          if (is_leaf(*field)) {
            const FieldOrigin* o = by_path.count(path) ? by_path[path] : nullptr;
            const bool live = !commented && o != nullptr && o->live;
            out << indent << (live ? "" : "# ") << field->name() << ": " << value_text(message, *field);
            if (o != nullptr) {
              out << "  # "
                  << (o->kind == FieldOrigin::Kind::Import        ? "import "
                      : o->kind == FieldOrigin::Kind::Calibration ? "calibration "
                                                                  : "")
                  << o->where;
            }
            out << "\n";
            continue;
          }
          const auto block = [&](const gp::Message& child, const std::string& child_path) {
            const bool live = !commented && live_under(child_path);
            out << indent << (live ? "" : "# ") << field->name() << " {\n";
            print(child, child_path, indent + "  ", !live);
            out << indent << (live ? "" : "# ") << "}\n";
          };
          if (field->is_repeated()) {
            for (int i = 0; i < r.FieldSize(message, field); ++i) {
              const gp::Message& element = r.GetRepeatedMessage(message, field, i);
              block(element, element_path(path, *field, element, i));
            }
          } else {
            block(r.GetMessage(message, field), path);
          }
        }
      };
  print(resolved, "", "", false);
  return out.str();
}

}  // namespace detail
}  // namespace spoolsim::scenarios
