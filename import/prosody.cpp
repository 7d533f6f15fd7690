// `spoolsim import prosody`: prosody.cfg.lua is Lua code, so it is run in a
// sandboxed Lua 5.4 (base, string, table, math and utf8 only: no io, os,
// require, debug or loading of bytecode; an instruction budget and a memory
// cap stop a file that loops or grows). VirtualHost, Component and Include
// behave as in Prosody's core/configmanager.lua; module sets follow
// core/modulemanager.lua (autoloaded modules + global + host, minus the
// disabled ones). Option names and defaults: bjc/prosody@13.0.1 (docs/sources.md 3).
//
// A Lua error is a longjmp: it skips the destructors of every C++ object in
// the frames it unwinds. So no function Lua calls here holds a C++ object
// with a destructor across a Lua call that can raise: messages and include
// lists live in the Sandbox, which evaluate() owns, and the text of a file
// is dropped before its chunk runs.
extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "import/import.hpp"
#include "import/import_internal.hpp"

namespace spoolsim::import {
namespace {

using detail::at;

constexpr int kInstructionBudget = 50'000'000;  // far above any real config file
constexpr std::size_t kMemoryCap = 64u << 20;
constexpr int kHookEvery = 10'000;

// One option as assigned in the file.
struct LuaValue {
  enum class Kind { Nil, Boolean, Number, String, Table } kind = Kind::Nil;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<std::string> items;             // the table's array part (strings)
  std::map<std::string, std::string> fields;  // the table's string keys (scalars as text)
  std::string where;                          // file:line of the assignment
};

struct Sandbox {
  std::string current = "*";  // "*" (global), a VirtualHost, or "component:NAME"
  std::map<std::string, std::map<std::string, LuaValue>> sections;
  std::vector<std::string> hosts;
  std::vector<std::string> warnings;
  std::vector<std::string> including;  // Include stack (cycle check)
  std::vector<std::vector<std::string>> include_lists;  // the files each open Include names
  std::string error;                   // the message of the error being raised
  std::size_t memory = 0;
  int instructions = 0;
};

Sandbox& sandbox_of(lua_State* L) {
  return **static_cast<Sandbox**>(lua_getextraspace(L));
}

void* limited_alloc(void* ud, void* ptr, std::size_t old_size, std::size_t new_size) {
  auto* box = static_cast<Sandbox*>(ud);
  if (ptr == nullptr) old_size = 0;
  if (new_size == 0) {
    std::free(ptr);
    box->memory -= old_size;
    return nullptr;
  }
  if (new_size > old_size && box->memory + (new_size - old_size) > kMemoryCap) return nullptr;
  void* p = std::realloc(ptr, new_size);
  if (p != nullptr) box->memory = box->memory - old_size + new_size;
  return p;
}

std::string caller_where(lua_State* L);

// Raises box.error as a Lua error; the caller holds no C++ object.
int raise_sandbox_error(lua_State* L) {
  lua_pushstring(L, sandbox_of(L).error.c_str());
  return lua_error(L);
}

void count_hook(lua_State* L, lua_Debug*) {
  Sandbox& box = sandbox_of(L);
  box.instructions += kHookEvery;
  if (box.instructions <= kInstructionBudget) return;
  box.error = caller_where(L) + ": the configuration runs too long (over " + std::to_string(kInstructionBudget) +
              " Lua instructions: a loop?)";
  raise_sandbox_error(L);
}

// file:line of the innermost Lua code running (the caller of a C function).
std::string caller_where(lua_State* L) {
  lua_Debug ar;
  for (int level = 0; lua_getstack(L, level, &ar) != 0; ++level) {
    lua_getinfo(L, "Sl", &ar);
    if (ar.currentline > 0) {
      std::string src = ar.source != nullptr ? ar.source : "?";
      if (!src.empty() && src[0] == '@') src.erase(0, 1);
      return at(src, ar.currentline);
    }
  }
  return "?";
}

// A number is formatted here, as Lua would ("%.14g"), not by lua_tostring,
// which allocates a Lua string and so could raise while C++ objects live.
std::string number_text(lua_State* L, int index) {
  if (lua_isinteger(L, index) != 0) return std::to_string(lua_tointeger(L, index));
  char text[64];
  std::snprintf(text, sizeof text, "%.14g", static_cast<double>(lua_tonumber(L, index)));
  return text;
}

std::string scalar_text(lua_State* L, int index) {
  switch (lua_type(L, index)) {
    case LUA_TBOOLEAN: return lua_toboolean(L, index) != 0 ? "true" : "false";
    case LUA_TNUMBER: return number_text(L, index);
    case LUA_TSTRING: return lua_tostring(L, index);
    default: return luaL_typename(L, index);
  }
}

LuaValue to_value(lua_State* L, int index) {
  LuaValue v;
  switch (lua_type(L, index)) {
    case LUA_TBOOLEAN: v.kind = LuaValue::Kind::Boolean; v.boolean = lua_toboolean(L, index) != 0; break;
    case LUA_TNUMBER: v.kind = LuaValue::Kind::Number; v.number = lua_tonumber(L, index); break;
    case LUA_TSTRING: v.kind = LuaValue::Kind::String; v.text = lua_tostring(L, index); break;
    case LUA_TTABLE: {
      v.kind = LuaValue::Kind::Table;
      index = lua_absindex(L, index);
      lua_pushnil(L);
      while (lua_next(L, index) != 0) {
        if (lua_type(L, -2) == LUA_TNUMBER) {
          if (lua_type(L, -1) == LUA_TSTRING) v.items.emplace_back(lua_tostring(L, -1));
        } else if (lua_type(L, -2) == LUA_TSTRING) {
          v.fields[lua_tostring(L, -2)] = scalar_text(L, -1);
        }
        lua_pop(L, 1);
      }
      break;
    }
    default: break;
  }
  return v;
}

// The config environment's __newindex: an option of the current section.
int env_newindex(lua_State* L) {
  const char* key = luaL_checkstring(L, 2);
  {
    Sandbox& box = sandbox_of(L);
    LuaValue v = to_value(L, 3);
    v.where = caller_where(L);
    box.sections[box.current][key] = std::move(v);
  }
  lua_rawset(L, 1);  // later lines may read it back
  return 0;
}

// Reading a name the sandbox withholds is an error that says so.
int env_index(lua_State* L) {
  const char* key = lua_tostring(L, 2);
  static const std::set<std::string> withheld = {"io", "os", "require", "dofile", "loadfile", "load",
                                                 "package", "debug", "collectgarbage", "module"};
  if (key != nullptr && withheld.count(key) > 0) {
    return luaL_error(L, "%s is not available in the configuration sandbox (a config file only sets options)", key);
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));  // the standard libraries the sandbox keeps
  return 1;
}

int set_section_options(lua_State* L) {
  // VirtualHost "x" { key = value, ... }: the table's options go to that section.
  Sandbox& box = sandbox_of(L);
  const std::string section = lua_tostring(L, lua_upvalueindex(1));
  if (lua_istable(L, 1)) {
    lua_pushnil(L);
    while (lua_next(L, 1) != 0) {
      if (lua_type(L, -2) == LUA_TSTRING) {
        LuaValue v = to_value(L, -1);
        v.where = caller_where(L);
        box.sections[section][lua_tostring(L, -2)] = std::move(v);
      }
      lua_pop(L, 1);
    }
  }
  return 0;
}

int virtual_host(lua_State* L) {
  Sandbox& box = sandbox_of(L);
  const char* name = luaL_checkstring(L, 1);
  box.current = name;
  if (std::find(box.hosts.begin(), box.hosts.end(), box.current) == box.hosts.end()) box.hosts.push_back(name);
  lua_pushstring(L, name);
  lua_pushcclosure(L, set_section_options, 1);
  return 1;
}

int component_module(lua_State* L) {
  (void)L;
  return 0;
}

int component(lua_State* L) {
  Sandbox& box = sandbox_of(L);
  box.current = std::string("component:") + luaL_checkstring(L, 1);
  lua_pushcfunction(L, component_module);
  return 1;
}

int file_stub(lua_State* L) {
  Sandbox& box = sandbox_of(L);
  box.warnings.push_back(caller_where(L) + ": FileContents/FileLine/FileLines/Credential: not read (the sandbox "
                         "reads no files); the option gets nil");
  lua_pushnil(L);
  return 1;
}

// Shell-style '*' matching, without recursion: on a mismatch, the last '*'
// takes one more character (linear backtracking, as in glob implementations).
bool wildcard_match(const std::string& pattern, const std::string& name) {
  std::size_t p = 0, n = 0, star = std::string::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

int run_file(lua_State* L, const char* file);

// The files PATTERN names, relative to the including file, in name order.
std::vector<std::string> files_of(const Sandbox& box, const std::string& pattern) {
  std::filesystem::path p = pattern;
  if (p.is_relative() && !box.including.empty()) p = std::filesystem::path(box.including.back()).parent_path() / p;
  std::vector<std::string> files;
  const std::string base = p.filename().string();
  if (base.find('*') == std::string::npos) {
    files.push_back(p.string());
  } else {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(p.parent_path(), ec)) {
      if (wildcard_match(base, entry.path().filename().string())) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  }
  return files;
}

int include(lua_State* L) {
  Sandbox& box = sandbox_of(L);
  const char* pattern = luaL_checkstring(L, 1);
  const std::size_t depth = box.include_lists.size();
  box.include_lists.push_back(files_of(box, pattern));
  for (std::size_t i = 0; i < box.include_lists[depth].size(); ++i) {
    const std::string& f = box.include_lists[depth][i];
    if (std::find(box.including.begin(), box.including.end(), f) != box.including.end()) {
      box.error = "Include \"" + f + "\" includes itself";
      return raise_sandbox_error(L);
    }
    std::error_code ec;
    if (!std::filesystem::exists(f, ec)) {
      box.error = "Include: cannot read \"" + f + "\"";
      return raise_sandbox_error(L);
    }
    lua_pushstring(L, f.c_str());  // a name that stays put while the file runs
    lua_pushstring(L, box.current.c_str());
    run_file(L, lua_tostring(L, -2));
    box.current = lua_tostring(L, -1);  // an Include does not change the section it is in
    lua_pop(L, 2);
  }
  box.include_lists.pop_back();
  return 0;
}

// Loads FILE as text (never bytecode) with the config environment and runs it.
int run_file(lua_State* L, const char* file) {
  Sandbox& box = sandbox_of(L);
  int loaded = LUA_OK;
  {
    std::string code;
    try {  // caught here: no C++ exception crosses Lua
      code = detail::read_config_file(file, "Prosody configuration");
    } catch (const ImportError& e) {
      box.error = e.what();
      loaded = -1;
    }
    if (loaded != -1) {
      const std::string chunk = std::string("@") + file;
      loaded = luaL_loadbufferx(L, code.data(), code.size(), chunk.c_str(), "t");  // protected: returns, never raises
    }
  }
  if (loaded == -1) return raise_sandbox_error(L);
  if (loaded != LUA_OK) return lua_error(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "spoolsim.env");
  lua_setupvalue(L, -2, 1);
  box.including.push_back(file);
  lua_call(L, 0, 0);
  box.including.pop_back();
  return 0;
}

int protected_main(lua_State* L) {
  const char* file = lua_tostring(L, 1);
  // The libraries a config may use, as the environment's fallback.
  lua_newtable(L);
  const int libs = lua_gettop(L);
  luaL_requiref(L, "_G", luaopen_base, 0);
  for (const char* name : {"tostring", "tonumber", "type", "pairs", "ipairs", "next", "select", "error",
                           "assert", "pcall", "unpack", "rawget", "rawequal", "rawlen", "print"}) {
    lua_getfield(L, -1, name);
    lua_setfield(L, libs, name);
  }
  lua_pop(L, 1);
  const std::pair<const char*, lua_CFunction> opened[] = {
      {"string", luaopen_string}, {"table", luaopen_table}, {"math", luaopen_math}, {"utf8", luaopen_utf8}};
  for (const auto& [name, open] : opened) {
    luaL_requiref(L, name, open, 0);
    lua_setfield(L, libs, name);
  }
  const std::pair<const char*, lua_CFunction> stubs[] = {
      {"VirtualHost", virtual_host}, {"Host", virtual_host},       {"Component", component},
      {"Include", include},          {"FileContents", file_stub},  {"FileLine", file_stub},
      {"FileLines", file_stub},      {"Credential", file_stub}};
  for (const auto& [name, fn] : stubs) {
    lua_pushcfunction(L, fn);
    lua_setfield(L, libs, name);
  }
  // env = setmetatable({}, {__index = libs (withholding io, os, ...), __newindex = options})
  lua_newtable(L);
  lua_newtable(L);
  lua_pushvalue(L, libs);
  lua_pushcclosure(L, env_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, env_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, "spoolsim.env");
  return run_file(L, file);
}

Sandbox evaluate(const std::string& file) {
  Sandbox box;
  lua_State* L = lua_newstate(limited_alloc, &box);
  if (L == nullptr) throw ImportError(file + ": cannot start Lua");
  *static_cast<Sandbox**>(lua_getextraspace(L)) = &box;
  lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookEvery);
  lua_pushcfunction(L, protected_main);
  lua_pushstring(L, file.c_str());
  const int status = lua_pcall(L, 1, 0, 0);
  if (status != LUA_OK) {
    std::string message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "error without a message";
    if (status == LUA_ERRMEM) message = file + ": the configuration uses too much memory (over 64 MiB)";
    lua_close(L);
    // Lua's messages start with "file:line:" already; say what kind of file.
    throw ImportError(message.rfind(file, 0) == 0 || message.find(".lua:") != std::string::npos
                          ? message + " (in the Prosody configuration)"
                          : file + ": " + message);
  }
  lua_close(L);
  return box;
}

// "1w", "30d", "6m", "1y" (mod_mam's multipliers), a number of seconds, "never".
bool expiry_seconds(const LuaValue& v, double& seconds, bool& never) {
  never = false;
  if (v.kind == LuaValue::Kind::Number) {
    seconds = v.number;
    return seconds >= 0;
  }
  if (v.kind == LuaValue::Kind::Boolean && !v.boolean) { never = true; return true; }
  if (v.kind != LuaValue::Kind::String) return false;
  if (v.text == "never") { never = true; return true; }
  static const std::map<char, double> multipliers = {
      {'s', 1}, {'h', 3600}, {'d', 86400}, {'w', 604800}, {'m', 2629746}, {'y', 31556952}};
  std::size_t used = 0;
  try {
    const double n = std::stod(v.text, &used);
    if (used == v.text.size()) { seconds = n; return n >= 0; }
    if (used + 1 != v.text.size()) return false;
    auto m = multipliers.find(v.text.back());
    if (m == multipliers.end()) return false;
    seconds = n * m->second;
    return n >= 0;
  } catch (const std::exception&) {
    return false;
  }
}

class ProsodyImport {
 public:
  ProsodyImport(const std::string& file, const ImportOptions& options) : box_(evaluate(file)), file_(file) {
    result_.server = "prosody";
    result_.file = file;
    result_.preset = preset_for_release("prosody", options.release);
    result_.warnings = box_.warnings;
    if (!options.host.empty()) {
      if (std::find(box_.hosts.begin(), box_.hosts.end(), options.host) == box_.hosts.end()) {
        std::string list;
        for (const auto& h : box_.hosts) list += (list.empty() ? "" : ", ") + h;
        throw ImportError(file + ": --host " + options.host + " has no VirtualHost; the file has: " +
                          (list.empty() ? "none" : list));
      }
      result_.host = options.host;
    } else if (!box_.hosts.empty()) {
      result_.host = box_.hosts.front();
      if (box_.hosts.size() > 1) {
        warn(file + ": " + std::to_string(box_.hosts.size()) + " VirtualHosts; read " + result_.host +
             " (--host chooses another)");
      }
    }
  }

  ImportResult run() {
    modules();
    archive();
    offline_limit();
    smacks();
    storage();
    return result_;
  }

 private:
  Sandbox box_;
  std::string file_;
  ImportResult result_;

  void warn(std::string w) { result_.warnings.push_back(std::move(w)); }
  void set(const std::string& path, const std::string& value, const std::string& source, std::string note) {
    result_.values.push_back(MappedValue{path, value, source, std::move(note)});
  }

  // The host's value, else the global one (configmanager's fallback).
  const LuaValue* option(const std::string& name) const {
    for (const std::string& section : {result_.host, std::string("*")}) {
      auto s = box_.sections.find(section);
      if (s == box_.sections.end()) continue;
      if (auto o = s->second.find(name); o != s->second.end()) return &o->second;
    }
    return nullptr;
  }
  const LuaValue* in_section(const std::string& section, const std::string& name) const {
    auto s = box_.sections.find(section);
    if (s == box_.sections.end()) return nullptr;
    auto o = s->second.find(name);
    return o == s->second.end() ? nullptr : &o->second;
  }

  std::set<std::string> modules_;
  std::map<std::string, std::string> module_where_;

  void modules() {
    // core/modulemanager.lua: autoload + global enabled + host enabled - disabled.
    for (const char* m : {"presence", "message", "iq", "offline", "c2s", "s2s", "s2s_auth_certs"}) {
      modules_.insert(m);
      module_where_[m] = "autoloaded";
    }
    for (const std::string& section : {std::string("*"), result_.host}) {
      if (const LuaValue* e = in_section(section, "modules_enabled")) {
        for (const auto& m : e->items) {
          modules_.insert(m);
          module_where_[m] = e->where;
        }
      }
    }
    for (const std::string& section : {std::string("*"), result_.host}) {
      if (const LuaValue* d = in_section(section, "modules_disabled")) {
        for (const auto& m : d->items) {
          modules_.erase(m);
          module_where_[m] = d->where;
        }
      }
    }
    const auto flag = [&](const std::string& module, const std::string& path) {
      const bool on = modules_.count(module) > 0;
      std::string where = module_where_.count(module) ? module_where_[module] : "";
      std::string note = on ? "mod_" + module + " loaded" : "mod_" + module + " not loaded";
      if (where.empty() || where == "autoloaded") {
        if (where == "autoloaded") note += " (autoloaded)";
        where = at(file_, 1);
      } else if (!on) {
        note += " (modules_disabled)";
      }
      set(path, on ? "true" : "false", where, note);
    };
    flag("offline", "offline.enabled");
    flag("mam", "mam.enabled");
    flag("smacks", "stream_management.enabled");
    for (const char* m : {"cloud_notify", "csi_simple", "carbons", "mam_smart_enable"}) {
      if (modules_.count(m) == 0) continue;
      const std::string why = std::string(m) == "cloud_notify" ? "push notifications; not simulated"
                              : std::string(m) == "csi_simple" ? "CSI delays some stanzas; not simulated"
                              : std::string(m) == "carbons"    ? "copies to other online resources (they are delivered to already)"
                                                               : "archiving starts on the first query; not simulated";
      if (std::string(m) == "carbons") continue;
      warn(module_where_[m] + ": mod_" + m + ": not mapped (" + why + ")");
    }
  }

  void archive() {
    if (const LuaValue* p = option("default_archive_policy")) {
      std::string v;
      if (p->kind == LuaValue::Kind::Boolean) v = p->boolean ? "always" : "never";
      if (p->kind == LuaValue::Kind::String && (p->text == "roster" || p->text == "always" || p->text == "never")) {
        v = p->text;
      }
      if (v.empty()) {
        warn(p->where + ": default_archive_policy: not true, false or \"roster\"; not mapped");
      } else {
        set("mam.default", "\"" + v + "\"", p->where, "default_archive_policy");
      }
    }
    if (const LuaValue* e = option("archive_expires_after")) {
      double seconds = 0;
      bool never = false;
      if (!expiry_seconds(*e, seconds, never)) {
        warn(e->where + ": archive_expires_after: not a period (\"1w\", \"30d\", seconds or \"never\"); not mapped");
      } else {
        set("mam.retention", never ? "\"0\"" : detail::duration_literal(seconds), e->where,
            "archive_expires_after" + std::string(e->kind == LuaValue::Kind::String ? " \"" + e->text + "\"" : ""));
      }
    }
    if (const LuaValue* s = option("mam_smart_enable")) {
      warn(s->where + ": mam_smart_enable: not mapped (archiving starts on the first query)");
    }
  }

  void offline_limit() {
    if (const LuaValue* l = option("storage_archive_item_limit")) {
      if (l->kind == LuaValue::Kind::Number && l->number >= 0 && std::floor(l->number) == l->number) {
        set("offline.max_user_messages", std::to_string(static_cast<long long>(l->number)), l->where,
            "storage_archive_item_limit caps every archive store, mod_offline's included");
        // mod_mam counts the user's archive store against the same limit (R6.1).
        if (l->number > 0)
          set("mam.max_user_messages", std::to_string(static_cast<long long>(l->number)), l->where,
              "storage_archive_item_limit caps mod_mam's archive store too");
        else
          warn(l->where + ": storage_archive_item_limit: 0 keeps no archive row; the archive cap is not mapped");
      } else {
        warn(l->where + ": storage_archive_item_limit: not a whole number; not mapped");
      }
    }
  }

  void smacks() {
    if (const LuaValue* h = option("smacks_hibernation_time")) {
      if (h->kind == LuaValue::Kind::Number && h->number >= 0) {
        set("stream_management.resume_timeout", detail::duration_literal(h->number), h->where,
            "smacks_hibernation_time");
      } else {
        warn(h->where + ": smacks_hibernation_time: not a number of seconds; not mapped");
      }
    }
    if (const LuaValue* d = option("smacks_max_ack_delay")) {
      if (d->kind == LuaValue::Kind::Number && d->number > 0) {
        set("stream_management.ack_timeout", detail::duration_literal(d->number), d->where, "smacks_max_ack_delay");
      }
    }
    if (const LuaValue* q = option("smacks_max_queue_size")) {
      if (q->kind == LuaValue::Kind::Number && q->number >= 1) {
        set("stream_management.max_ack_queue", std::to_string(static_cast<long long>(q->number)), q->where,
            "smacks_max_queue_size");
      }
    }
    if (const LuaValue* u = option("smacks_max_unacked_stanzas")) {
      warn(u->where + ": smacks_max_unacked_stanzas: not mapped (how many stanzas go out before the server asks "
           "for an ack; the model acks every stanza; the queue limit is smacks_max_queue_size)");
    }
    for (const char* name : {"smacks_max_inactive_unacked_stanzas", "smacks_max_old_sessions",
                             "smacks_max_hibernated_sessions"}) {
      if (const LuaValue* o = option(name)) warn(o->where + ": " + name + ": not mapped (no scenario field)");
    }
  }

  void storage() {
    const LuaValue* s = option("storage");
    const LuaValue* d = option("default_storage");
    std::string backend = "internal";
    std::string where;
    if (s != nullptr && s->kind == LuaValue::Kind::String) {
      backend = s->text;
      where = s->where;
    } else if (s != nullptr && s->kind == LuaValue::Kind::Table) {
      for (const char* store : {"archive", "archive2", "offline"}) {
        if (auto f = s->fields.find(store); f != s->fields.end()) backend = f->second;
      }
      where = s->where;
    } else if (d != nullptr && d->kind == LuaValue::Kind::String) {
      backend = d->text;
      where = d->where;
    }
    if (backend == "sql") {
      if (const LuaValue* sql = option("sql"); sql != nullptr && sql->fields.count("driver")) {
        backend += " (" + sql->fields.at("driver") + ")";
      }
    }
    warn((where.empty() ? file_ : where) + ": storage: " + backend +
         ": the storage backend is not a scenario field; spoolsim's cost model counts rows and bytes "
         "(compare backends with `spoolsim replay-spool`)");
  }
};

}  // namespace

ImportResult import_prosody(const std::string& file, const ImportOptions& options) {
  return ProsodyImport(file, options).run();
}

}  // namespace spoolsim::import
