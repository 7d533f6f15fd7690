// Resolution order: generic defaults < server/client preset < the file < --set
// (overrides are applied to the file's message before this runs). The result
// has every field filled in; it is what `explain` prints and what is checked.
#include <google/protobuf/descriptor.h>

#include <set>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"

namespace spoolsim::scenarios::detail {
namespace {

namespace gp = google::protobuf;

bool is_empirical(const gp::Descriptor& type) {
  return type.name() == "DurationEmpirical" || type.name() == "NumberEmpirical";
}

std::vector<std::string> profile_names(const pb::Scenario& s) {
  std::vector<std::string> names;
  for (const auto& c : s.clients()) names.push_back(c.name());
  return names;
}

}  // namespace

// Fields set in `src` replace those of `dst`; nested messages merge field by
// field (a distribution of the same family keeps the parameters not given; a
// different family replaces it, as a oneof does); repeated fields and
// empirical distributions are replaced whole.
void overlay(gp::Message& dst, const gp::Message& src) {
  const gp::Reflection& from = *src.GetReflection();
  const gp::Reflection& to = *dst.GetReflection();
  std::vector<const gp::FieldDescriptor*> fields;
  from.ListFields(src, &fields);
  for (const gp::FieldDescriptor* field : fields) {
    if (field->is_repeated()) {
      to.ClearField(&dst, field);
      for (int i = 0; i < from.FieldSize(src, field); ++i) {
        switch (field->cpp_type()) {
          case gp::FieldDescriptor::CPPTYPE_MESSAGE:
            to.AddMessage(&dst, field)->CopyFrom(from.GetRepeatedMessage(src, field, i));
            break;
          case gp::FieldDescriptor::CPPTYPE_STRING:
            to.AddString(&dst, field, from.GetRepeatedString(src, field, i));
            break;
          case gp::FieldDescriptor::CPPTYPE_DOUBLE:
            to.AddDouble(&dst, field, from.GetRepeatedDouble(src, field, i));
            break;
          default:
            break;  // the schema has no other repeated kinds
        }
      }
      continue;
    }
    switch (field->cpp_type()) {
      case gp::FieldDescriptor::CPPTYPE_MESSAGE: {
        const gp::Message& value = from.GetMessage(src, field);
        if (is_empirical(*field->message_type())) {
          to.MutableMessage(&dst, field)->CopyFrom(value);
        } else {
          overlay(*to.MutableMessage(&dst, field), value);  // switches a oneof if needed
        }
        break;
      }
      case gp::FieldDescriptor::CPPTYPE_STRING: to.SetString(&dst, field, from.GetString(src, field)); break;
      case gp::FieldDescriptor::CPPTYPE_DOUBLE: to.SetDouble(&dst, field, from.GetDouble(src, field)); break;
      case gp::FieldDescriptor::CPPTYPE_INT64: to.SetInt64(&dst, field, from.GetInt64(src, field)); break;
      case gp::FieldDescriptor::CPPTYPE_UINT64: to.SetUInt64(&dst, field, from.GetUInt64(src, field)); break;
      case gp::FieldDescriptor::CPPTYPE_BOOL: to.SetBool(&dst, field, from.GetBool(src, field)); break;
      default: break;
    }
  }
}

pb::Scenario resolve(const pb::Scenario& raw, const Origin& origin) {
  pb::Scenario out = generic_defaults();

  // Server: defaults < preset < file.
  if (raw.server().has_preset() && !raw.server().preset().empty()) {
    const pb::Server* preset = find_server_preset(raw.server().preset());
    if (preset == nullptr) {
      fail(origin, "server.preset", unknown_server_preset(raw.server().preset()));
    }
    overlay(*out.mutable_server(), *preset);
  }
  pb::Scenario rest = raw;
  rest.clear_clients();
  overlay(out, rest);

  // Clients: generic < preset (named, or implied by a preset's own name) < file.
  out.clear_clients();
  std::set<std::string> seen;
  for (int i = 0; i < raw.clients_size(); ++i) {
    const pb::ClientProfile& given = raw.clients(i);
    const std::string at = "clients[" + (given.name().empty() ? std::to_string(i) : given.name()) + "]";
    if (!given.has_name() || given.name().empty()) {
      fail(origin, at + ".name", "a client profile needs a name (population.client_mix refers to it)");
    }
    if (!seen.insert(given.name()).second) {
      fail(origin, at + ".name", "profile \"" + given.name() + "\" is defined twice; names must be unique");
    }
    pb::ClientProfile profile = generic_client();
    const std::string preset_name = given.has_preset() ? given.preset() : given.name();
    if (!preset_name.empty()) {
      if (const pb::ClientProfile* preset = find_client_preset(preset_name)) {
        overlay(profile, *preset);
        profile.set_preset(preset_name);
      } else if (given.has_preset()) {
        fail(origin, at + ".preset", unknown_name("client preset", preset_name, client_preset_names()));
      }
    }
    overlay(profile, given);
    if (!profile.has_preset()) profile.set_preset("");
    *out.add_clients() = std::move(profile);
  }

  // A mix may name a client preset directly; it becomes a profile of that name.
  const auto add_preset_profile = [&](const pb::WeightedProfile& w, const std::string& path) {
    if (seen.count(w.profile()) > 0) return;
    const pb::ClientProfile* preset = find_client_preset(w.profile());
    if (preset == nullptr) {
      std::vector<std::string> allowed = profile_names(out);
      for (const auto& n : client_preset_names()) allowed.push_back(n);
      fail(origin, path, unknown_name("client profile", w.profile(), allowed) +
                             " (a profile defined in `clients` or a client preset)");
    }
    pb::ClientProfile profile = generic_client();
    overlay(profile, *preset);
    profile.set_name(w.profile());
    profile.set_preset(w.profile());
    seen.insert(w.profile());
    *out.add_clients() = std::move(profile);
  };
  for (int i = 0; i < out.population().client_mix_size(); ++i) {
    add_preset_profile(out.population().client_mix(i), "population.client_mix[" + std::to_string(i) + "].profile");
  }
  for (int s = 0; s < out.population().device_slots_size(); ++s) {
    const auto& slot = out.population().device_slots(s);
    for (int i = 0; i < slot.client_mix_size(); ++i) {
      add_preset_profile(slot.client_mix(i), "population.device_slots[" + std::to_string(s) + "].client_mix[" +
                                                 std::to_string(i) + "].profile");
    }
  }

  // Without a mix: one generic profile, or equal weights over the profiles.
  if (out.population().client_mix_size() == 0) {
    if (out.clients_size() == 0) {
      pb::ClientProfile generic = generic_client();
      generic.set_name("generic");
      generic.set_preset("");
      *out.add_clients() = std::move(generic);
    }
    for (const auto& c : out.clients()) {
      auto* w = out.mutable_population()->add_client_mix();
      w->set_profile(c.name());
      w->set_weight(1.0);
    }
  }

  // No strategies named: compare all five (R8), in the order of docs/model.md.
  if (out.strategies_size() == 0) {
    for (const auto& name : strategy_names()) out.add_strategies(name);
  }
  return out;
}

}  // namespace spoolsim::scenarios::detail
