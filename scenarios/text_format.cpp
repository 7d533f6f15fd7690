// Protobuf text format (.textproto, `#` comments) with positions: syntax
// errors come from the parser's collector, and the ParseInfoTree gives every
// field's line:column so later semantic errors can point at it.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {
namespace {

namespace gp = google::protobuf;

std::vector<std::string> field_names(const gp::Descriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.field_count(); ++i) names.push_back(type.field(i)->name());
  return names;
}

// The dotted field path at a parser error (no list indices): a small scan of
// the text up to the error that tracks `name {` openers, skipping strings and
// comments, and the last `name:` before the error.
struct TextContext {
  std::vector<std::string> path;
  std::string field;
};

TextContext context_at(const std::string& text, int line, int column) {
  std::size_t end = 0;
  for (int l = 1; l < line && end < text.size(); ++end) {
    if (text[end] == '\n') ++l;
  }
  end = std::min(text.size(), end + static_cast<std::size_t>(std::max(0, column - 1)));
  TextContext out;
  std::string last;
  for (std::size_t i = 0; i < end; ++i) {
    const char ch = text[i];
    if (ch == '#') {
      while (i < end && text[i] != '\n') ++i;
    } else if (ch == '"' || ch == '\'') {
      for (++i; i < end && text[i] != ch && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      last.clear();
      while (i < end && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_' || text[i] == '.')) {
        last += text[i++];
      }
      --i;
    } else if (ch == ':') {
      out.field = last;
    } else if (ch == '{' || ch == '<') {
      out.path.push_back(last);
      out.field.clear();
    } else if (ch == '}' || ch == '>') {
      if (!out.path.empty()) out.path.pop_back();
      out.field.clear();
    } else if (ch == '\n' || ch == ';' || ch == ',') {
      if (ch != ',') out.field.clear();
    }
  }
  return out;
}

// What a field accepts, for a parser error about its value.
std::string allowed_for(const gp::FieldDescriptor& f) {
  switch (f.cpp_type()) {
    case gp::FieldDescriptor::CPPTYPE_STRING: {
      const std::string& n = f.name();
      std::string example = "\"...\"";
      if (n == "horizon" || n == "warmup" || n == "drain" || n.find("timeout") != std::string::npos ||
          n == "ttl" || n == "retention" || n == "catchup_max_age" || f.containing_type()->name().find("Duration") == 0) {
        example = "a duration such as \"90s\", \"5m\", \"12h\" or \"14d\"";
      } else if (const std::string names = enum_field_values(n); !names.empty()) {
        example = names;  // the enum's table
      }
      return "a quoted string: " + example;
    }
    case gp::FieldDescriptor::CPPTYPE_BOOL: return "true or false";
    case gp::FieldDescriptor::CPPTYPE_DOUBLE: return "a number";
    case gp::FieldDescriptor::CPPTYPE_UINT64: return "a whole number from 0 to 18446744073709551615";
    case gp::FieldDescriptor::CPPTYPE_INT64: return "a whole number";
    case gp::FieldDescriptor::CPPTYPE_MESSAGE: return "{ ... } with the fields of " + f.message_type()->name();
    default: return "a value of its type";
  }
}

// Rewrites the parser's messages so they name the field and say what is allowed.
std::string explain_parser_error(const std::string& message, const std::string& text, int line, int column) {
  // Plain string scans, no std::regex: its recursion grows with the input
  // (a 30,000-character field name overflowed the stack, issue 16).
  static constexpr std::string_view kType = "Message type \"";
  static constexpr std::string_view kNoField = "\" has no field named \"";
  std::string out = message;
  if (const auto t = message.find(kType); t != std::string::npos) {
    const auto type_end = message.find('"', t + kType.size());
    if (type_end != std::string::npos) {
      const std::string type_name = message.substr(t + kType.size(), type_end - t - kType.size());
      if (message.compare(type_end, kNoField.size(), kNoField) == 0) {
        const auto name_begin = type_end + kNoField.size();
        const auto name_end = message.rfind('"');
        const gp::Descriptor* type = gp::DescriptorPool::generated_pool()->FindMessageTypeByName(type_name);
        if (type != nullptr && name_end != std::string::npos && name_end >= name_begin) {
          return unknown_name("field", std::string_view(message).substr(name_begin, name_end - name_begin),
                              field_names(*type)) +
                 " (in " + type->name() + ")";
        }
      }
      out = message.substr(0, t) + "message \"" + message.substr(t + kType.size());
    }
  }
  if (text.empty()) return out;
  // Name the field and what it takes, when the scan finds it in the schema.
  const TextContext where = context_at(text, line, column);
  if (where.field.empty()) return out;
  const gp::Descriptor* type = pb::Scenario::descriptor();
  std::string path;
  for (const auto& step : where.path) {
    const gp::FieldDescriptor* f = type->FindFieldByName(step);
    if (f == nullptr || f->message_type() == nullptr) return out;
    type = f->message_type();
    path += step + ".";
  }
  const gp::FieldDescriptor* f = type->FindFieldByName(where.field);
  if (f == nullptr) return out;
  const bool about_value = out.rfind("Expected", 0) == 0 || out.find("out of range") != std::string::npos ||
                           out.find("Invalid") != std::string::npos;
  if (!about_value) return (path.empty() ? std::string() : path.substr(0, path.size() - 1) + ": ") + out;
  return path + f->name() + ": " + out + "; allowed: " + allowed_for(*f);
}

// The parser quotes the token it stopped at, which may be the whole input.
std::string capped(const std::string& message) {
  constexpr std::size_t kMax = 600;
  if (message.size() <= kMax) return message;
  std::size_t cut = kMax;  // not inside a UTF-8 sequence
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0u) == 0x80u) --cut;
  return message.substr(0, cut) + "... (message cut)";
}

class FirstError : public gp::io::ErrorCollector {
 public:
  void AddError(int at_line, gp::io::ColumnNumber at_column, const std::string& message) override {
    if (!has_error) {
      has_error = true;
      line = at_line + 1;
      column = at_column + 1;
      text = message;
    }
  }
  void AddWarning(int, gp::io::ColumnNumber, const std::string&) override {}
  bool has_error = false;
  int line = 0;
  int column = 0;
  std::string text;
};

std::string element_key(const gp::Message& element, int index) {
  // Client profiles are addressed by name (clients[phone]); others by index.
  const gp::FieldDescriptor* name = element.GetDescriptor()->FindFieldByName("name");
  if (name != nullptr && element.GetDescriptor()->name() == "ClientProfile" &&
      element.GetReflection()->HasField(element, name)) {
    return element.GetReflection()->GetString(element, name);
  }
  return std::to_string(index);
}

void record_positions(const gp::Message& message, const gp::TextFormat::ParseInfoTree& tree,
                      const std::string& prefix, Origin& origin) {
  const gp::Reflection& reflection = *message.GetReflection();
  std::vector<const gp::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const gp::FieldDescriptor* field : fields) {
    const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    if (!field->is_repeated()) {
      const auto at = tree.GetLocation(field, -1);
      if (at.line >= 0) origin.positions[path] = {at.line + 1, at.column + 1};
      if (field->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (const auto* nested = tree.GetTreeForNested(field, -1)) {
          record_positions(reflection.GetMessage(message, field), *nested, path, origin);
        }
      }
      continue;
    }
    const int count = reflection.FieldSize(message, field);
    const auto first = tree.GetLocation(field, 0);
    if (first.line >= 0) origin.positions.emplace(path, Origin::Position{first.line + 1, first.column + 1});
    for (int i = 0; i < count; ++i) {
      const auto at = tree.GetLocation(field, i);
      std::string key = std::to_string(i);
      if (field->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) {
        key = element_key(reflection.GetRepeatedMessage(message, field, i), i);
      }
      const std::string item = path + "[" + key + "]";
      if (at.line >= 0) origin.positions.emplace(item, Origin::Position{at.line + 1, at.column + 1});
      if (field->cpp_type() == gp::FieldDescriptor::CPPTYPE_MESSAGE) {
        if (const auto* nested = tree.GetTreeForNested(field, i)) {
          record_positions(reflection.GetRepeatedMessage(message, field, i), *nested, item, origin);
        }
      }
    }
  }
}

}  // namespace

void parse_text_into(const std::string& text, const std::string& where, gp::Message& message) {
  FirstError errors;
  gp::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.AllowFieldNumber(false);
  if (!parser.ParseFromString(text, &message) || errors.has_error) {
    throw ScenarioError(where + ":" + std::to_string(errors.line) + ":" + std::to_string(errors.column) + ": " +
                        capped(explain_parser_error(errors.text, "", 0, 0)));
  }
}

pb::Scenario parse_text(const std::string& text, Origin& origin) {
  pb::Scenario raw;
  FirstError errors;
  gp::TextFormat::ParseInfoTree tree;
  gp::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &raw) || errors.has_error) {
    std::string message = origin.name;
    if (errors.has_error) {
      message += ":" + std::to_string(errors.line) + ":" + std::to_string(errors.column) + ": " +
                 capped(explain_parser_error(errors.text, text, errors.line, errors.column));
    } else {
      message += ": not a valid scenario in protobuf text format";
    }
    throw ScenarioError(message);
  }
  record_positions(raw, tree, "", origin);
  return raw;
}

std::string print_text(const gp::Message& message) {
  gp::TextFormat::Printer printer;
  printer.SetUseShortRepeatedPrimitives(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string out;
  printer.PrintToString(message, &out);
  return out;
}

}  // namespace spoolsim::scenarios::detail
