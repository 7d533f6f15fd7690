// --set path=value: any scenario field by dotted path, applied to the file's
// message before presets and defaults are resolved, then validated like the
// file; errors name the --set. Paths: `server.mam.default`, `traffic.size.
// lognormal.median`, `clients[phone].stream_management` (profiles by name),
// `population.client_mix[0].weight` or `population.client_mix[gajim].weight`
// (mix entries by index or profile), a message as text
// (`server.mam.archive_lag={ exponential { mean: "2s" } }`), a list as
// comma-separated values (`strategies=deliver,purge_all`).
#include <google/protobuf/descriptor.h>

#include <charconv>
#include <cstdlib>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {
namespace {

namespace gp = google::protobuf;

struct Step {
  std::string name;
  bool has_key = false;
  std::string key;
};

class SetError {
 public:
  explicit SetError(const std::string& assignment) : prefix_("--set " + echoed(assignment) + ": ") {}
  [[noreturn]] void operator()(const std::string& what) const { throw ScenarioError(prefix_ + what); }

 private:
  std::string prefix_;
};

std::vector<Step> split_path(const std::string& path, const SetError& fail) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i <= path.size()) {
    Step step;
    while (i < path.size() && path[i] != '.' && path[i] != '[') step.name += path[i++];
    if (step.name.empty()) fail("bad path \"" + path + "\"; allowed: field names joined by dots, e.g. server.mam.default");
    if (i < path.size() && path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string::npos) fail("bad path \"" + path + "\": missing ]");
      step.has_key = true;
      step.key = path.substr(i + 1, close - i - 1);
      if (step.key.empty()) fail("bad path \"" + path + "\": empty [] (allowed: an index or a name)");
      i = close + 1;
    }
    steps.push_back(std::move(step));
    if (i == path.size()) break;
    if (path[i] != '.') fail("bad path \"" + path + "\": expected . after ]");
    ++i;
    if (i == path.size()) fail("bad path \"" + path + "\": ends with a dot");
  }
  return steps;
}

const gp::FieldDescriptor* find_field(const gp::Descriptor& type, const std::string& name, const std::string& where,
                                      const SetError& fail) {
  if (const gp::FieldDescriptor* f = type.FindFieldByName(name)) return f;
  std::vector<std::string> names;
  for (int i = 0; i < type.field_count(); ++i) names.push_back(type.field(i)->name());
  fail(unknown_name("field", name, names) + (where.empty() ? std::string() : " (in " + where + ")"));
}

bool parse_index(const std::string& key, int& out) {
  const auto* end = key.data() + key.size();
  auto [ptr, ec] = std::from_chars(key.data(), end, out);
  return ec == std::errc() && ptr == end && out >= 0;
}

// The element of a repeated message field named by `key`: an index, or the
// value of its `name` (profiles) or `profile` (mix entries) field, created if
// missing. `canonical` gets the path form errors use.
gp::Message* element(gp::Message& parent, const gp::FieldDescriptor& field, const std::string& key,
                     std::string& canonical, const SetError& fail) {
  const gp::Reflection& r = *parent.GetReflection();
  const int size = r.FieldSize(parent, &field);
  int index = 0;
  const gp::Descriptor& type = *field.message_type();
  const gp::FieldDescriptor* key_field = type.FindFieldByName("name");
  if (key_field == nullptr) key_field = type.FindFieldByName("profile");
  const bool by_name = type.name() == "ClientProfile";
  if (parse_index(key, index)) {
    if (index > size) {
      fail(field.name() + "[" + echoed(key) + "]: index out of range; allowed: 0 to " + std::to_string(size) +
           " (" + std::to_string(size) + " appends)");
    }
    gp::Message* m = index == size ? r.AddMessage(&parent, &field) : r.MutableRepeatedMessage(&parent, &field, index);
    if (by_name && m->GetReflection()->HasField(*m, key_field)) {
      canonical += "[" + m->GetReflection()->GetString(*m, key_field) + "]";
    } else {
      canonical += "[" + std::to_string(index) + "]";
    }
    return m;
  }
  if (key_field == nullptr || key_field->cpp_type() != gp::FieldDescriptor::CPPTYPE_STRING) {
    fail(field.name() + "[" + echoed(key) + "]: allowed: a numeric index");
  }
  for (int i = 0; i < size; ++i) {
    gp::Message* m = r.MutableRepeatedMessage(&parent, &field, i);
    if (m->GetReflection()->GetString(*m, key_field) == key) {
      canonical += by_name ? "[" + key + "]" : "[" + std::to_string(i) + "]";
      return m;
    }
  }
  gp::Message* m = r.AddMessage(&parent, &field);
  m->GetReflection()->SetString(m, key_field, key);
  canonical += by_name ? "[" + key + "]" : "[" + std::to_string(size) + "]";
  return m;
}

std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) return v.substr(1, v.size() - 2);
  return v;
}

std::string trim(const std::string& v) {
  const auto b = v.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return v.substr(b, v.find_last_not_of(" \t") - b + 1);
}

void set_scalar(gp::Message& m, const gp::FieldDescriptor& f, const std::string& text, int index,
                const std::string& path, const SetError& fail) {
  const gp::Reflection& r = *m.GetReflection();
  const std::string v = trim(text);
  switch (f.cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_STRING: {
      const std::string s = unquote(v);
      index < 0 ? r.SetString(&m, &f, s) : (f.is_repeated() && index >= r.FieldSize(m, &f) ? r.AddString(&m, &f, s)
                                                                                            : r.SetRepeatedString(&m, &f, index, s));
      return;
    }
    case gp::FieldDescriptor::CPPTYPE_DOUBLE: {
      char* end = nullptr;
      const double d = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size()) fail(path + ": \"" + echoed(v) + "\" is not a number");
      index < 0 ? r.SetDouble(&m, &f, d) : (index >= r.FieldSize(m, &f) ? r.AddDouble(&m, &f, d)
                                                                         : r.SetRepeatedDouble(&m, &f, index, d));
      return;
    }
    case gp::FieldDescriptor::CPPTYPE_INT64: {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec == std::errc::result_out_of_range) fail(path + ": " + echoed(v) + " is too large; allowed: a whole number");
      if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) {
        fail(path + ": \"" + echoed(v) + "\" is not a whole number");
      }
      r.SetInt64(&m, &f, n);
      return;
    }
    case gp::FieldDescriptor::CPPTYPE_UINT64: {
      std::uint64_t n = 0;
      auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec == std::errc::result_out_of_range) fail(path + ": " + echoed(v) + " is too large; allowed: 0 to 18446744073709551615");
      if (v.empty() || ec != std::errc() || ptr != v.data() + v.size()) {
        fail(path + ": \"" + echoed(v) + "\" is not a whole number >= 0");
      }
      r.SetUInt64(&m, &f, n);
      return;
    }
    case gp::FieldDescriptor::CPPTYPE_BOOL:
      if (v == "true") {
        r.SetBool(&m, &f, true);
      } else if (v == "false") {
        r.SetBool(&m, &f, false);
      } else {
        fail(path + ": \"" + echoed(v) + "\" is not a boolean; allowed: true or false");
      }
      return;
    default:
      fail(path + ": this field cannot be set");
  }
}

}  // namespace

void apply_set(const std::string& assignment, pb::Scenario& raw, Origin& origin) {
  const SetError fail(assignment);
  const auto eq = assignment.find('=');
  if (eq == std::string::npos) fail("expected path=value, e.g. --set server.mam.default=roster");
  const std::string path = trim(assignment.substr(0, eq));
  const std::string value = assignment.substr(eq + 1);
  const std::vector<Step> steps = split_path(path, fail);

  gp::Message* m = &raw;
  std::string canonical;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const bool last = i + 1 == steps.size();
    const gp::FieldDescriptor* f = find_field(*m->GetDescriptor(), step.name, canonical, fail);
    canonical += (canonical.empty() ? "" : ".") + f->name();
    const gp::Reflection& r = *m->GetReflection();
    if (step.has_key && !f->is_repeated()) fail(canonical + " is not a list; remove [" + step.key + "]");

    if (f->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) {
      gp::Message* next = nullptr;
      if (f->is_repeated()) {
        if (!step.has_key) {
          if (!last) fail(canonical + " is a list; name an element: " + canonical + "[0] or " + canonical + "[name]");
          fail(canonical + " is a list of messages; set one element: " + canonical + "[0]={ ... }");
        }
        next = element(*m, *f, step.key, canonical, fail);
      } else {
        next = r.MutableMessage(m, f);
      }
      if (last) {  // a whole message in text format replaces the old one
        gp::Message* fresh = next->New();
        try {
          std::string text = trim(value);
          if (text.size() >= 2 && text.front() == '{' && text.back() == '}') text = text.substr(1, text.size() - 2);
          parse_text_into(text, "--set " + echoed(assignment) + ": value", *fresh);
        } catch (...) {
          delete fresh;
          throw;
        }
        // Keep the key that addressed the element.
        if (f->is_repeated()) {
          const gp::FieldDescriptor* key_field = fresh->GetDescriptor()->FindFieldByName("name");
          if (key_field == nullptr) key_field = fresh->GetDescriptor()->FindFieldByName("profile");
          if (key_field != nullptr && !fresh->GetReflection()->HasField(*fresh, key_field)) {
            fresh->GetReflection()->SetString(fresh, key_field, next->GetReflection()->GetString(*next, key_field));
          }
        }
        next->CopyFrom(*fresh);
        delete fresh;
      }
      m = next;
      continue;
    }
    if (!last) fail(canonical + " has no fields; it is a value");
    if (f->is_repeated()) {
      if (step.has_key) {
        int index = 0;
        if (!parse_index(step.key, index) || index > r.FieldSize(*m, f)) {
          fail(canonical + "[" + step.key + "]: allowed: an index 0 to " + std::to_string(r.FieldSize(*m, f)));
        }
        set_scalar(*m, *f, value, index, canonical, fail);
        canonical += "[" + step.key + "]";
      } else {
        r.ClearField(m, f);
        std::string list = trim(value);
        if (list.size() >= 2 && list.front() == '[' && list.back() == ']') list = list.substr(1, list.size() - 2);
        std::size_t start = 0;
        int index = 0;
        while (!trim(list).empty()) {
          const auto comma = list.find(',', start);
          set_scalar(*m, *f, list.substr(start, comma - start), index++, canonical, fail);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
    } else {
      set_scalar(*m, *f, value, -1, canonical, fail);
    }
  }

  // Later errors at or below this path point at the --set, not the file.
  for (auto it = origin.positions.lower_bound(canonical); it != origin.positions.end();) {
    const std::string& key = it->first;
    if (key.compare(0, canonical.size(), canonical) != 0) break;
    const char next = key.size() > canonical.size() ? key[canonical.size()] : '\0';
    it = (next == '\0' || next == '.' || next == '[') ? origin.positions.erase(it) : std::next(it);
  }
  origin.sets[canonical] = "--set " + echoed(assignment);
}

}  // namespace spoolsim::scenarios::detail
