#include "report/json_field.hpp"

#include <algorithm>

namespace spoolsim::report {
namespace {

// RFC 6901: "~" and "/" inside a member name.
std::string escape_segment(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

const char* type_name(const nlohmann::ordered_json& v) {
  return v.is_null() ? "null" : v.is_boolean() ? "a boolean" : v.is_number() ? "a number" : v.is_string() ? "a string"
         : v.is_array() ? "an array" : "an object";
}

}  // namespace

void Field::fail(const std::string& problem) const { throw FieldError(pointer_, problem); }

Field Field::operator[](std::string_view key) const {
  const std::string child = pointer_ + "/" + escape_segment(key);
  if (!value_->is_object()) fail(std::string("expected an object with member \"") + std::string(key) + "\", found " + type_name(*value_));
  const auto it = value_->find(key);
  if (it == value_->end()) throw FieldError(child, "missing");
  return Field(*it, child);
}

Field Field::operator[](std::size_t index) const {
  if (!value_->is_array()) fail(std::string("expected an array, found ") + type_name(*value_));
  if (index >= value_->size()) throw FieldError(pointer_ + "/" + std::to_string(index), "missing (the array has " + std::to_string(value_->size()) + " elements)");
  return Field((*value_)[index], pointer_ + "/" + std::to_string(index));
}

bool Field::has(std::string_view key) const { return value_->is_object() && value_->contains(key); }

std::size_t Field::size() const {
  if (!value_->is_array()) fail(std::string("expected an array, found ") + type_name(*value_));
  return value_->size();
}

std::vector<std::string> Field::keys() const {
  if (!value_->is_object()) fail(std::string("expected an object, found ") + type_name(*value_));
  std::vector<std::string> out;
  for (const auto& [k, v] : value_->items()) out.push_back(k);
  return out;
}

double Field::number() const {
  if (!value_->is_number()) fail(std::string("expected a number, found ") + type_name(*value_));
  return value_->get<double>();
}

std::uint64_t Field::count() const {
  if (!value_->is_number_unsigned() && !(value_->is_number_integer() && value_->get<std::int64_t>() >= 0))
    fail(std::string("expected a whole number of at least 0, found ") +
         (value_->is_number() ? value_->dump() : type_name(*value_)));
  return value_->get<std::uint64_t>();
}

std::string Field::text() const {
  if (!value_->is_string()) fail(std::string("expected a string, found ") + type_name(*value_));
  return value_->get<std::string>();
}

bool Field::boolean() const {
  if (!value_->is_boolean()) fail(std::string("expected true or false, found ") + type_name(*value_));
  return value_->get<bool>();
}

std::string Field::scalar_text() const {
  if (value_->is_string()) return value_->get<std::string>();
  if (value_->is_number() || value_->is_boolean()) return value_->dump();
  fail(std::string("expected a string or a number, found ") + type_name(*value_));
}

namespace {

// A scanner over a document nlohmann already accepted: follows the path of
// every value and remembers the line of the deepest one on `target`'s path.
class Locator {
 public:
  Locator(std::string_view text, std::string_view target) : s_(text), target_(target) {}
  std::size_t run() {
    value("", 0);
    return best_line_;
  }

 private:
  static constexpr int kMaxDepth = 256;  // deeper values report their parent's line

  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      if (s_[i_] == '\n') ++line_;
      ++i_;
    }
  }
  std::string string_token() {  // at '"'; returns the raw member name (escapes kept)
    std::string out;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) out += s_[i_++];
      out += s_[i_++];
    }
    ++i_;
    return out;
  }
  bool on_path(const std::string& path) const {
    return path == target_ || (target_.size() > path.size() && target_.compare(0, path.size(), path) == 0 &&
                               target_[path.size()] == '/');
  }
  void value(const std::string& path, int depth) {
    ws();
    const bool relevant = on_path(path);
    if (relevant && path.size() >= best_size_) {
      best_size_ = path.size();
      best_line_ = line_;
    }
    if (i_ >= s_.size()) return;
    const char c = s_[i_];
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++i_;
      for (std::size_t index = 0;; ++index) {
        ws();
        if (i_ >= s_.size() || s_[i_] == close) break;
        std::string child;
        if (c == '{') {
          std::string key = string_token();
          // Member names with escapes are compared as written; report fields have none.
          std::string seg;
          for (char k : key) seg += k == '~' ? std::string("~0") : k == '/' ? std::string("~1") : std::string(1, k);
          child = path + "/" + seg;
          ws();
          ++i_;  // ':'
        } else {
          child = path + "/" + std::to_string(index);
        }
        if (relevant && depth < kMaxDepth) value(child, depth + 1);
        else skip_value();
        ws();
        if (i_ < s_.size() && s_[i_] == ',') ++i_;
      }
      ++i_;
      return;
    }
    skip_value();
  }
  void skip_value() {  // any value, counting lines, without recursion
    ws();
    int depth = 0;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '"') {
        string_token();
      } else if (c == '{' || c == '[') {
        ++depth;
        ++i_;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return;
        --depth;
        ++i_;
      } else if (c == ',' && depth == 0) {
        return;
      } else {
        if (c == '\n') ++line_;
        ++i_;
      }
    }
  }

  std::string_view s_;
  std::string target_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
  std::size_t best_line_ = 1;
  std::size_t best_size_ = 0;
};

}  // namespace

std::size_t json_line(std::string_view text, std::string_view pointer) { return Locator(text, pointer).run(); }

}  // namespace spoolsim::report
