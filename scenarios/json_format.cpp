// Protobuf's JSON mapping. nlohmann_json parses first, so syntax errors get a
// line and column; a walk over the schema then names unknown fields and wrong
// types by field path with what is allowed; protobuf converts the rest.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>
#include <cctype>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {
namespace {

namespace gp = google::protobuf;
using nlohmann::json;

std::string kind_of(const json& v) {
  switch (v.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    default: return "a number";
  }
}

std::string expected_kind(const gp::FieldDescriptor& f) {
  switch (f.cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_MESSAGE: return "an object";
    case gp::FieldDescriptor::CPPTYPE_STRING: {
      const std::string names = enum_field_values(f.name());  // the enum's table
      return names.empty() ? "a string" : "a string: " + names;
    }
    case gp::FieldDescriptor::CPPTYPE_BOOL: return "true or false";
    case gp::FieldDescriptor::CPPTYPE_DOUBLE: return "a number";
    default: return "a whole number";
  }
}

class Walker {
 public:
  explicit Walker(const Origin& origin) : origin_(origin) {}

  void message(const json& v, const gp::Descriptor& type, const std::string& path) const {
    if (!v.is_object()) fail(origin_, path, kind_of(v) + " where an object of " + type.name() + " fields is expected");
    std::vector<std::string> oneof_seen(static_cast<std::size_t>(type.oneof_decl_count()));
    for (const auto& [key, value] : v.items()) {
      const gp::FieldDescriptor* f = type.FindFieldByName(key);
      for (int i = 0; f == nullptr && i < type.field_count(); ++i) {
        if (type.field(i)->json_name() == key) f = type.field(i);
      }
      const std::string field_path = path.empty() ? echoed(key) : path + "." + echoed(key);
      if (f == nullptr) {
        std::vector<std::string> names;
        for (int i = 0; i < type.field_count(); ++i) names.push_back(type.field(i)->name());
        fail(origin_, field_path, unknown_name("field", key, names) + " (in " + type.name() + ")");
      }
      if (value.is_null()) continue;  // proto3 JSON: null means not set
      if (const gp::OneofDescriptor* o = f->real_containing_oneof()) {
        std::string& seen = oneof_seen[static_cast<std::size_t>(o->index())];
        if (!seen.empty()) {
          std::vector<std::string> members;
          for (int i = 0; i < o->field_count(); ++i) members.push_back(o->field(i)->name());
          fail(origin_, path.empty() ? f->name() : path, "both \"" + seen + "\" and \"" + f->name() +
                                                             "\" are given; allowed: exactly one of " + join_allowed(members));
        }
        seen = f->name();
      }
      const std::string p = path.empty() ? f->name() : path + "." + f->name();
      if (f->is_repeated()) {
        if (!value.is_array()) fail(origin_, p, kind_of(value) + " where a list is expected");
        for (std::size_t i = 0; i < value.size(); ++i) {
          std::string item = p + "[" + std::to_string(i) + "]";
          if (type.name() == "Scenario" && f->name() == "clients" && value[i].is_object() &&
              value[i].contains("name") && value[i]["name"].is_string()) {
            item = p + "[" + echoed(value[i]["name"].get<std::string>()) + "]";
          }
          single(value[i], *f, item);
        }
      } else {
        single(value, *f, p);
      }
    }
  }

 private:
  void single(const json& v, const gp::FieldDescriptor& f, const std::string& path) const {
    bool ok = true;
    switch (f.cpp_type()) {
      case gp::FieldDescriptor::CPPTYPE_MESSAGE: message(v, *f.message_type(), path); return;
      case gp::FieldDescriptor::CPPTYPE_STRING: ok = v.is_string(); break;
      case gp::FieldDescriptor::CPPTYPE_BOOL: ok = v.is_boolean(); break;
      case gp::FieldDescriptor::CPPTYPE_DOUBLE:
        ok = v.is_number() || (v.is_string() && (v == "NaN" || v == "Infinity" || v == "-Infinity"));
        break;
      default:  // 64-bit integers may be quoted (proto3 JSON mapping)
        ok = v.is_number_integer() || v.is_number_unsigned() ||
             (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<long long>(v.get<double>()))) ||
             (v.is_string() && !v.get<std::string>().empty() &&
              v.get<std::string>().find_first_not_of("-0123456789") == std::string::npos);
        break;
    }
    if (!ok) {
      // Only scalars are quoted back (a nested list could be megabytes deep).
      const std::string shown = v.is_structured() ? std::string() : " (" + echoed(v.dump()) + ")";
      fail(origin_, path, kind_of(v) + shown + " where " + expected_kind(f) + " is expected");
    }
  }

  const Origin& origin_;
};

// A key given twice in one object: nlohmann keeps the last silently and
// protobuf then fails with its internals, so the parse stops at the second.
struct DuplicateKey {
  std::string path;
  std::string key;
};

// Tracks the path of the value being parsed (objects by key, lists by index)
// and the keys seen in each open object. An explicit stack: no recursion.
class DuplicateKeyCheck {
 public:
  bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        enter_value();
        frames_.push_back({true, {}, {}, 0});
        break;
      case json::parse_event_t::array_start:
        enter_value();
        frames_.push_back({false, {}, {}, 0});
        break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        if (!frames_.empty()) frames_.pop_back();
        break;
      case json::parse_event_t::key: {
        Frame& top = frames_.back();
        const std::string key = parsed.is_string() ? parsed.get<std::string>() : parsed.dump();
        if (!top.keys.insert(key).second) throw DuplicateKey{path(), key};
        top.key = key;
        break;
      }
      case json::parse_event_t::value:
        enter_value();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object = false;
    std::set<std::string> keys;
    std::string key;    // the current key (objects)
    std::size_t next = 0;  // the next index (lists)
  };
  // A value (or a nested container) starts inside a list: the index moves on.
  void enter_value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().next;
  }
  std::string path() const {
    std::string out;
    for (const Frame& f : frames_) {
      if (f.object) {
        if (&f != &frames_.back()) out += (out.empty() ? "" : ".") + echoed(f.key);
      } else {
        out += "[" + std::to_string(f.next - 1) + "]";
      }
    }
    return out;
  }
  std::vector<Frame> frames_;
};

// "[json.exception.parse_error.101] parse error at line 3, column 7: what"
// -> {3, 7, "what"}; a plain scan, no std::regex (issue 16).
bool split_position(const std::string& what, std::string& line, std::string& column, std::string& rest) {
  const auto at = what.find(" at line ");
  if (at == std::string::npos) return false;
  std::size_t i = at + 9;
  while (i < what.size() && std::isdigit(static_cast<unsigned char>(what[i]))) line += what[i++];
  if (line.empty() || what.compare(i, 9, ", column ") != 0) return false;
  i += 9;
  while (i < what.size() && std::isdigit(static_cast<unsigned char>(what[i]))) column += what[i++];
  if (column.empty() || what.compare(i, 2, ": ") != 0) return false;
  rest = what.substr(i + 2);
  return true;
}

// nlohmann quotes the last token it read, which may be the whole input.
std::string cut_last_read(const std::string& what) {
  const auto at = what.find("; last read: '");
  if (at == std::string::npos || what.size() - at < 200) return what;
  return what.substr(0, at) + "; last read: '" + echoed(what.substr(at + 14)) ;
}

}  // namespace

pb::Scenario parse_json(const std::string& text, const Origin& origin) {
  json document;
  try {
    DuplicateKeyCheck check;
    document = json::parse(text, std::ref(check));
  } catch (const DuplicateKey& d) {
    fail(origin, d.path, "the key \"" + echoed(d.key) + "\" is given twice; allowed: each key once per object");
  } catch (const json::parse_error& e) {
    std::string line, column, rest;
    const std::string what = e.what();
    if (split_position(what, line, column, rest)) {
      throw ScenarioError(origin.name + ":" + line + ":" + column + ": JSON syntax error: " + cut_last_read(rest));
    }
    // Errors at the very start or end name a byte offset instead.
    throw ScenarioError(origin.name + ": JSON syntax error at byte " + std::to_string(e.byte) + ": " +
                        cut_last_read(what));
  }
  Walker(origin).message(document, *pb::Scenario::descriptor(), "");

  pb::Scenario raw;
  gp::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = gp::util::JsonStringToMessage(text, &raw, options);
  if (!status.ok()) {
    const std::string why(status.message());
    throw ScenarioError(origin.name + ": " + (why.size() > 600 ? why.substr(0, 600) + "... (message cut)" : why));
  }
  return raw;
}

}  // namespace spoolsim::scenarios::detail
