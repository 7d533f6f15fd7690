// Checked reading of a result file (RESULT.json from run, sweep or compare)
// for the HTML report: every access names its field as a JSON pointer, so a
// missing or mistyped field ends with "field /strategies/0/sent: ...", and
// json_line() turns that pointer into the line of the file it came from.
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace spoolsim::report {

// A field of a result file is missing or of the wrong type.
class FieldError : public std::runtime_error {
 public:
  FieldError(std::string pointer, const std::string& problem)
      : std::runtime_error("field " + (pointer.empty() ? std::string("/") : pointer) + ": " + problem),
        pointer_(std::move(pointer)) {}
  const std::string& pointer() const { return pointer_; }

 private:
  std::string pointer_;
};

// One value of the document and its JSON pointer ("/strategies/0/loss_rate").
class Field {
 public:
  Field(const nlohmann::ordered_json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  Field operator[](std::string_view key) const;  // a member; throws FieldError when absent
  Field operator[](std::size_t index) const;     // an array element
  bool has(std::string_view key) const;          // an object with that member (null counts as present)
  bool is_null() const { return value_->is_null(); }
  bool is_number() const { return value_->is_number(); }
  std::size_t size() const;                      // of an array; throws otherwise
  std::vector<std::string> keys() const;         // of an object, in file order

  double number() const;        // any JSON number
  std::uint64_t count() const;  // a non-negative integer
  std::string text() const;     // a string
  bool boolean() const;
  // A string, or a number or boolean written as JSON ("50", "true").
  std::string scalar_text() const;

  const std::string& pointer() const { return pointer_; }
  const nlohmann::ordered_json& raw() const { return *value_; }

 private:
  [[noreturn]] void fail(const std::string& problem) const;
  const nlohmann::ordered_json* value_;
  std::string pointer_;
};

// The 1-based line of `text` (a JSON document) where the value at `pointer`
// starts, or where its deepest existing parent starts; 1 when none does.
std::size_t json_line(std::string_view text, std::string_view pointer);

}  // namespace spoolsim::report
