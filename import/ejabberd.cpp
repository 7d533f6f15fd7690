// `spoolsim import ejabberd`: ejabberd.yml (with define_macro,
// include_config_file and host_config) to the scenario's server section.
// What ejabberd does with each option is in docs/sources.md section 1; the
// option names and defaults are those of processone/ejabberd@24.12
// src/mod_offline.erl, src/mod_mam.erl, src/mod_stream_mgmt.erl (mod_options)
// and src/ejabberd_config.erl (set_host_config: a host_config option replaces
// the top-level one for that host, `modules` included).
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "import/import.hpp"
#include "import/import_internal.hpp"

namespace spoolsim::import {
namespace {

using detail::at;

// A YAML node and the file it was read from.
struct Located {
  YAML::Node node;
  std::string file;
  std::string via;  // "macro NAME used at file:line" when a macro gave the value
  Located(YAML::Node n, std::string f) : node(std::move(n)), file(std::move(f)) {}
  int line() const { return node.Mark().line + 1; }
  std::string where() const { return at(file, line()); }
};

using OptionMap = std::map<std::string, Located>;

// Options whose values are maps merged key by key when a file is included.
bool is_map_option(const std::string& name) {
  return name == "modules" || name == "shaper_rules" || name == "define_macro" || name == "host_config" ||
         name == "acl" || name == "access_rules";
}

class Config {
 public:
  explicit Config(const std::string& file) { read(file, 0); }

  const OptionMap& options() const { return options_; }
  const std::map<std::string, Located>& macros() const { return macros_; }

 private:
  OptionMap options_;
  std::map<std::string, Located> macros_;
  std::set<std::string> reading_;

  static YAML::Node load(const std::string& file) {
    const std::string text = detail::read_config_file(file, "ejabberd configuration");
    try {
      return YAML::Load(text);
    } catch (const YAML::ParserException& e) {
      throw ImportError(file + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1) +
                        ": YAML syntax error: " + e.msg);
    }
  }

  void read(const std::string& file, int depth) {
    std::error_code canonical_error;  // a name the system refuses (too long, say) is compared as written
    std::string canonical = std::filesystem::weakly_canonical(file, canonical_error).string();
    if (canonical_error) canonical = std::filesystem::path(file).lexically_normal().string();
    if (depth > 16 || !reading_.insert(canonical).second) {
      throw ImportError(file + ": include_config_file includes itself (directly or through other files)");
    }
    const YAML::Node root = load(file);
    if (!root.IsMap()) {
      throw ImportError(at(file, root.Mark().line + 1) + ": an ejabberd configuration is a map of options");
    }
    // The file's own options first: they win over what it includes.
    std::vector<Located> includes;
    for (const auto& kv : root) {
      const std::string name = kv.first.as<std::string>();
      const Located value{kv.second, file};
      if (name == "include_config_file") {
        includes.push_back(value);
        continue;
      }
      if (name == "define_macro" && value.node.IsMap()) {
        for (const auto& m : value.node) macros_.emplace(m.first.as<std::string>(), Located{m.second, file});
        continue;
      }
      add_option(name, value, true);
    }
    const std::filesystem::path dir = std::filesystem::path(file).parent_path();
    for (const Located& inc : includes) {
      std::vector<YAML::Node> names;
      if (inc.node.IsScalar()) names.push_back(inc.node);
      if (inc.node.IsSequence()) for (const auto& n : inc.node) names.push_back(n);
      if (inc.node.IsMap()) {
        for (const auto& n : inc.node) {
          names.push_back(n.first);
          if (n.second.IsMap() && (n.second["disallow"] || n.second["allow_only"])) {
            warnings_.push_back(inc.where() + ": include_config_file: disallow/allow_only are not applied; "
                                "every option of the included file is read");
          }
        }
      }
      if (names.empty()) throw ImportError(inc.where() + ": include_config_file: expected a file name, a list or a map");
      for (const YAML::Node& n : names) {
        std::filesystem::path p = n.as<std::string>();
        if (p.is_relative()) p = dir / p;
        std::error_code ec;  // the throwing overload ends the program on a name the system refuses
        if (!std::filesystem::exists(p, ec)) {
          throw ImportError(at(file, n.Mark().line + 1) + ": include_config_file: cannot read \"" + p.string() + "\"" +
                            (ec ? " (" + ec.message() + ")" : ""));
        }
        read_included(p.string(), depth + 1);
      }
    }
    reading_.erase(canonical);
  }

  void read_included(const std::string& file, int depth) {
    OptionMap saved;
    saved.swap(options_);
    std::map<std::string, Located> saved_macros;
    saved_macros.swap(macros_);
    read(file, depth);
    // The including file wins: put its options back over the included ones.
    OptionMap included;
    included.swap(options_);
    options_.swap(saved);
    for (auto& [name, value] : included) add_option(name, value, false);
    for (auto& [name, value] : macros_) saved_macros.emplace(name, value);
    macros_.swap(saved_macros);
  }

  void add_option(const std::string& name, const Located& value, bool wins) {
    auto it = options_.find(name);
    if (it == options_.end()) {
      options_.emplace(name, value);
      return;
    }
    if (is_map_option(name) && it->second.node.IsMap() && value.node.IsMap()) {
      // Merge key by key into a new node; the first file's key stays when not `wins`.
      YAML::Node merged(YAML::NodeType::Map);
      for (const auto& kv : it->second.node) merged[kv.first] = kv.second;
      for (const auto& kv : value.node) {
        if (wins || !merged[kv.first.as<std::string>()]) merged[kv.first] = kv.second;
      }
      key_files_[name].push_back(value);
      it->second.node = merged;
      return;
    }
    if (wins) it->second = value;
  }

 public:
  std::vector<std::string> warnings_;
  std::map<std::string, std::vector<Located>> key_files_;
};

// The value of a scalar that names a macro, else the value itself.
class Reader {
 public:
  Reader(const Config& config, std::string host) : config_(config), host_(std::move(host)) {}

  Located expand(Located v, int depth = 0) const {
    if (depth < 16 && v.node.IsScalar()) {
      const std::string s = v.node.as<std::string>();
      if (auto m = config_.macros().find(s); m != config_.macros().end()) {
        Located expanded = expand(m->second, depth + 1);
        expanded.via = "macro " + s + " used at " + v.where();
        return expanded;
      }
    }
    return v;
  }

  // The option for the host: host_config's, else the top level's.
  const Located* option(const std::string& name) const {
    if (auto hc = config_.options().find("host_config"); hc != config_.options().end() && hc->second.node.IsMap()) {
      for (const auto& h : hc->second.node) {
        if (h.first.as<std::string>() != host_ || !h.second.IsMap()) continue;
        if (h.second[name]) {
          scratch_.push_back(Located{h.second[name], hc->second.file});
          return &scratch_.back();
        }
      }
    }
    auto it = config_.options().find(name);
    return it == config_.options().end() ? nullptr : &it->second;
  }

 private:
  const Config& config_;
  std::string host_;
  mutable std::deque<Located> scratch_;  // host_config values handed out by pointer
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// ejabberd timeouts: a number of seconds or "N unit" (econf:timeout).
bool parse_timeout(const std::string& text, double& seconds) {
  std::size_t used = 0;
  double n = 0;
  try {
    n = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  std::string unit = lower(text.substr(used));
  unit.erase(std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }), unit.end());
  static const std::map<std::string, double> units = {
      {"", 1},         {"s", 1},        {"sec", 1},       {"second", 1},  {"seconds", 1}, {"ms", 0.001},
      {"msec", 0.001}, {"min", 60},     {"minute", 60},   {"minutes", 60}, {"mins", 60},  {"h", 3600},
      {"hour", 3600},  {"hours", 3600}, {"day", 86400},   {"days", 86400}, {"d", 86400}};
  auto u = units.find(unit);
  if (u == units.end() || n < 0) return false;
  seconds = n * u->second;
  return true;
}

bool parse_count(const std::string& text, long long& value) {
  try {
    std::size_t used = 0;
    value = std::stoll(text, &used);
    return used == text.size() && value >= 0;
  } catch (const std::exception&) {
    return false;
  }
}

bool is_unlimited(const std::string& s) { return s == "infinity" || s == "unlimited"; }

class EjabberdImport {
 public:
  EjabberdImport(const std::string& file, const ImportOptions& options) : config_(file), file_(file) {
    result_.server = "ejabberd";
    result_.file = file;
    result_.preset = preset_for_release("ejabberd", options.release);
    result_.warnings = config_.warnings_;
    choose_host(options.host);
    reader_ = std::make_unique<Reader>(config_, result_.host);
  }

  ImportResult run() {
    const Located* modules = reader_->option("modules");
    if (modules == nullptr || !modules->node.IsMap()) {
      warn(file_ + ": no `modules` map: every module is off, so nothing is stored offline or archived");
      set("offline.enabled", "false", file_ + ":1", "no modules");
      set("mam.enabled", "false", file_ + ":1", "no modules");
      set("stream_management.enabled", "false", file_ + ":1", "no modules");
      return result_;
    }
    offline(*modules);
    mam(*modules);
    stream_management(*modules);
    others(*modules);
    return result_;
  }

 private:
  Config config_;
  std::string file_;
  ImportResult result_;
  std::unique_ptr<Reader> reader_;
  int module_line_ = 0;

  void warn(std::string w) { result_.warnings.push_back(std::move(w)); }
  void set(const std::string& path, const std::string& value, const std::string& source, std::string note) {
    result_.values.push_back(MappedValue{path, value, source, std::move(note)});
  }
  void set(const std::string& path, const std::string& value, const Located& from, const std::string& note) {
    set(path, value, from.where(), from.via.empty() ? note : note + ", " + from.via);
  }

  void choose_host(const std::string& wanted) {
    std::vector<std::string> hosts;
    const Located* h = nullptr;
    if (auto it = config_.options().find("hosts"); it != config_.options().end()) h = &it->second;
    if (h != nullptr && h->node.IsSequence()) {
      for (const auto& n : h->node) hosts.push_back(n.as<std::string>());
    }
    if (!wanted.empty()) {
      if (!hosts.empty() && std::find(hosts.begin(), hosts.end(), wanted) == hosts.end()) {
        std::string list;
        for (const auto& x : hosts) list += (list.empty() ? "" : ", ") + x;
        throw ImportError(h->where() + ": --host " + wanted + " is not in `hosts`; the file serves: " + list);
      }
      result_.host = wanted;
      return;
    }
    if (hosts.empty()) {
      warn(file_ + ": no `hosts` list; host_config is not read (give --host)");
      return;
    }
    result_.host = hosts.front();
    if (hosts.size() > 1) {
      warn(h->where() + ": hosts: " + std::to_string(hosts.size()) + " hosts; read " + hosts.front() +
           " (--host chooses another)");
    }
  }

  // The module's options (a map; `{}` or null is "loaded with defaults"), or
  // nullptr when the module is not loaded.
  std::optional<Located> module(const Located& modules, const std::string& name) {
    for (const auto& kv : modules.node) {
      if (kv.first.as<std::string>() != name) continue;
      module_line_ = kv.first.Mark().line + 1;  // the module's own line, even for `{}`
      return Located{kv.second, modules.file};
    }
    return std::nullopt;
  }

  std::optional<Located> opt(const Located& module_options, const std::string& name) {
    if (!module_options.node.IsMap() || !module_options.node[name]) return std::nullopt;
    return reader_->expand(Located{module_options.node[name], module_options.file});
  }

  // Options of a module that bear on storage and that this importer reads.
  void unknown_options(const Located& m, const std::string& module, const std::set<std::string>& read,
                       const std::set<std::string>& irrelevant) {
    if (!m.node.IsMap()) return;
    for (const auto& kv : m.node) {
      const std::string name = kv.first.as<std::string>();
      if (read.count(name) || irrelevant.count(name)) continue;
      warn(at(m.file, kv.first.Mark().line + 1) + ": " + module + "." + name + ": not mapped (no scenario field)");
    }
  }

  void offline(const Located& modules) {
    auto m = module(modules, "mod_offline");
    if (!m) {
      set("offline.enabled", "false", modules.where(), "modules has no mod_offline");
      return;
    }
    const std::string here = at(m->file, module_line_);
    set("offline.enabled", "true", here, "mod_offline loaded");
    // access_max_user_messages names a shaper rule (default max_user_offline_messages).
    std::string rule = "max_user_offline_messages";
    std::string rule_source = here;  // the default rule name applies
    if (auto a = opt(*m, "access_max_user_messages")) {
      long long direct = 0;
      const std::string text = a->node.as<std::string>();
      if (a->node.IsScalar() && parse_count(text, direct)) {
        set("offline.max_user_messages", std::to_string(direct), *a, "access_max_user_messages");
        rule.clear();
      } else if (a->node.IsScalar()) {
        rule = text;
        rule_source = a->where();
      } else {
        warn(a->where() + ": mod_offline.access_max_user_messages: expected a shaper rule name; not mapped");
        rule.clear();
      }
    }
    if (!rule.empty()) max_user_messages(rule, rule_source);
    if (auto u = opt(*m, "use_mam_for_storage")) {
      set("offline.use_mam_for_storage", lower(u->node.as<std::string>()) == "true" ? "true" : "false", *u,
          "mod_offline.use_mam_for_storage");
    }
    if (auto s = opt(*m, "store_empty_body")) {
      warn(s->where() + ": mod_offline.store_empty_body: " + s->node.as<std::string>() +
           ": not mapped (every simulated message has a body; chat states are not simulated)");
    }
    if (auto s = opt(*m, "store_groupchat")) {
      warn(s->where() + ": mod_offline.store_groupchat: " + s->node.as<std::string>() +
           ": not mapped (group chat is not simulated)");
    }
    unknown_options(*m, "mod_offline", {"access_max_user_messages", "use_mam_for_storage", "store_empty_body",
                                        "store_groupchat"},
                    {"db_type", "use_cache", "cache_size", "cache_missed", "cache_life_time", "bounce_groupchat"});
  }

  // The shaper rule's value for an ordinary user: the first entry whose ACL is
  // `all` (ejabberd matches entries in order; no match means unlimited).
  void max_user_messages(const std::string& rule, const std::string& rule_source) {
    const Located* rules = reader_->option("shaper_rules");
    if (rules == nullptr || !rules->node.IsMap() || !rules->node[rule]) {
      set("offline.max_user_messages", "0", rule_source,
          "shaper rule " + rule + " not defined: unlimited");
      return;
    }
    const Located r = reader_->expand(Located{rules->node[rule], rules->file});
    const std::string note = "shaper_rules " + rule;
    const auto value_of = [&](const YAML::Node& n, const std::string& where, const std::string& how) {
      const std::string text = n.as<std::string>();
      long long v = 0;
      if (is_unlimited(text)) {
        set("offline.max_user_messages", "0", where, note + how + ": " + text);
      } else if (parse_count(text, v)) {
        set("offline.max_user_messages", std::to_string(v), where, note + how);
      } else {
        warn(where + ": shaper_rules." + rule + ": value \"" + text + "\" is not a number; not mapped");
      }
    };
    if (r.node.IsScalar()) {
      value_of(r.node, r.where(), "");
      return;
    }
    // Map form {value: acl} or list form [{value: acl} | value].
    struct Entry {
      YAML::Node value;
      std::string acl;
      int line;
    };
    std::vector<Entry> entries;
    const auto acl_text = [](const YAML::Node& n) {
      if (n.IsScalar()) return n.as<std::string>();
      if (n.IsSequence() && n.size() > 0 && n[0].IsScalar()) {
        for (const auto& x : n) if (x.as<std::string>() == "all") return std::string("all");
        return n[0].as<std::string>();
      }
      if (n.IsMap() && n["acl"]) return n["acl"].as<std::string>();
      return std::string("?");
    };
    if (r.node.IsMap()) {
      for (const auto& kv : r.node) entries.push_back({kv.first, acl_text(kv.second), kv.first.Mark().line + 1});
    } else if (r.node.IsSequence()) {
      for (const auto& item : r.node) {
        if (item.IsScalar()) {
          entries.push_back({item, "all", item.Mark().line + 1});
        } else if (item.IsMap()) {
          for (const auto& kv : item) entries.push_back({kv.first, acl_text(kv.second), kv.first.Mark().line + 1});
        }
      }
    }
    bool found = false;
    for (const Entry& e : entries) {
      if (found) continue;
      if (e.acl == "all") {
        value_of(e.value, at(r.file, e.line), ", value for all");
        found = true;
      } else {
        warn(at(r.file, e.line) + ": shaper_rules." + rule + ": users in ACL " + e.acl + " get " +
             e.value.as<std::string>() + "; the scenario's users are ordinary ones");
      }
    }
    if (!found) {
      set("offline.max_user_messages", "0", r.where(), note + " has no entry for all: unlimited for ordinary users");
    }
  }

  void mam(const Located& modules) {
    auto m = module(modules, "mod_mam");
    if (!m) {
      set("mam.enabled", "false", modules.where(), "modules has no mod_mam");
      return;
    }
    set("mam.enabled", "true", at(m->file, module_line_), "mod_mam loaded");
    if (auto d = opt(*m, "default")) {
      const std::string v = d->node.as<std::string>();
      if (v == "always" || v == "roster" || v == "never") {
        set("mam.default", "\"" + v + "\"", *d, "mod_mam.default");
      } else {
        warn(d->where() + ": mod_mam.default: \"" + v + "\" is not always, roster or never; not mapped");
      }
    }
    if (auto r = opt(*m, "request_activates_archiving")) {
      if (lower(r->node.as<std::string>()) == "true") {
        warn(r->where() + ": mod_mam.request_activates_archiving: true: not mapped (archiving starts when the client "
             "first queries; spoolsim archives from the start)");
      }
    }
    if (auto a = opt(*m, "assume_mam_usage")) {
      if (lower(a->node.as<std::string>()) == "true") {
        warn(a->where() + ": mod_mam.assume_mam_usage: true: not mapped (unacknowledged messages of a session that "
             "used MAM are not stored offline again)");
      }
    }
    if (auto c = opt(*m, "clear_archive_on_room_destroy")) {
      warn(c->where() + ": mod_mam.clear_archive_on_room_destroy: not mapped (rooms are not simulated)");
    }
    unknown_options(*m, "mod_mam", {"default", "request_activates_archiving", "assume_mam_usage",
                                    "clear_archive_on_room_destroy"},
                    {"db_type", "use_cache", "cache_size", "cache_missed", "cache_life_time", "compress_xml",
                     "access_preferences", "user_mucsub_from_muc_archive", "archive_muc_as_mucsub", "ram_db_type"});
  }

  void stream_management(const Located& modules) {
    auto m = module(modules, "mod_stream_mgmt");
    if (!m) {
      set("stream_management.enabled", "false", modules.where(), "modules has no mod_stream_mgmt");
      return;
    }
    set("stream_management.enabled", "true", at(m->file, module_line_), "mod_stream_mgmt loaded");
    for (const char* name : {"resume_timeout", "ack_timeout"}) {
      if (auto t = opt(*m, name)) {
        const std::string text = t->node.as<std::string>();
        double seconds = 0;
        if (parse_timeout(text, seconds)) {
          set(std::string("stream_management.") + name, detail::duration_literal(seconds), *t,
              std::string("mod_stream_mgmt.") + name);
        } else {
          warn(t->where() + ": mod_stream_mgmt." + name + ": \"" + text + "\" not mapped (a number of seconds or "
               "\"N minutes\" is)");
        }
      }
    }
    if (auto r = opt(*m, "resend_on_timeout")) {
      const std::string v = lower(r->node.as<std::string>());
      if (v == "true" || v == "false" || v == "if_offline") {
        set("stream_management.resend_on_timeout", "\"" + v + "\"", *r, "mod_stream_mgmt.resend_on_timeout");
      } else {
        warn(r->where() + ": mod_stream_mgmt.resend_on_timeout: \"" + v + "\" not mapped");
      }
    }
    if (auto q = opt(*m, "max_ack_queue")) {
      const std::string text = q->node.as<std::string>();
      long long v = 0;
      if (parse_count(text, v) && v > 0) {
        set("stream_management.max_ack_queue", std::to_string(v), *q, "mod_stream_mgmt.max_ack_queue");
      } else {
        warn(q->where() + ": mod_stream_mgmt.max_ack_queue: \"" + text + "\" not mapped (the model needs a limit)");
      }
    }
    unknown_options(*m, "mod_stream_mgmt", {"resume_timeout", "ack_timeout", "resend_on_timeout", "max_ack_queue"},
                    {"queue_type", "cache_size", "cache_life_time"});
  }

  // Other modules that change what happens to a message for an offline user.
  void others(const Located& modules) {
    static const std::map<std::string, std::string> bearing = {
        {"mod_push_keepalive", "keeps push clients' sessions resumable longer (resume_timeout for them)"},
        {"mod_push", "wakes clients by push; not simulated"},
        {"mod_carboncopy", "copies to other online resources; every online resource is delivered to already"},
        {"mod_privacy", "privacy lists can drop messages; not simulated"},
        {"mod_blocking", "blocked senders' messages are dropped; not simulated"},
    };
    for (const auto& kv : modules.node) {
      const std::string name = kv.first.as<std::string>();
      if (auto b = bearing.find(name); b != bearing.end() && name != "mod_carboncopy" && name != "mod_privacy" &&
                                       name != "mod_blocking") {
        warn(at(modules.file, kv.first.Mark().line + 1) + ": " + name + ": not mapped (" + b->second + ")");
      }
    }
    if (const Located* a = reader_->option("append_host_config")) {
      warn(a->where() + ": append_host_config: not read (use host_config)");
    }
  }
};

}  // namespace

ImportResult import_ejabberd(const std::string& file, const ImportOptions& options) {
  try {
    return EjabberdImport(file, options).run();
  } catch (const YAML::Exception& e) {
    throw ImportError(file + ":" + std::to_string(e.mark.line + 1) + ": unexpected YAML value: " + e.msg);
  }
}

}  // namespace spoolsim::import
