// Field-by-field checks of the resolved scenario and its conversion into
// models::Scenario. Each check names the field, what is wrong and what is
// allowed; the path leads Origin to file:line:column or to the --set.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "scenarios/loader_internal.hpp"
#include "sim/time.hpp"

namespace spoolsim::scenarios::detail {
namespace {

// Bounds that keep every product in range and every run finite.
constexpr sim::Duration kMaxDuration = 3650 * sim::kDay;  // ten years
constexpr double kMaxDurationUs = static_cast<double>(kMaxDuration);
constexpr int kMaxDevicesPerUser = models::kMaxDevicesPerUser;  // R2.1
constexpr std::int64_t kMaxUsers = 100'000'000;
constexpr std::int64_t kMaxCount = 1'000'000'000;
constexpr double kMaxBytes = 64.0 * 1024 * 1024;  // one stanza
constexpr double kMaxShape = 1000.0;
constexpr double kMaxSigma = 10.0;

std::string num(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s = std::to_string(v);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

const std::string kDeviceRange = "1 to " + std::to_string(kMaxDevicesPerUser);

class Checker {
 public:
  explicit Checker(const Origin& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const { detail::fail(origin_, path, what); }

  double finite(const std::string& path, double v) const {
    if (!std::isfinite(v)) fail(path, num(v) + " is not a number; allowed: a finite number");
    return v;
  }
  double share(const std::string& path, double v) const {
    finite(path, v);
    if (v < 0.0 || v > 1.0) fail(path, num(v) + " is not a share; allowed: 0 to 1");
    return v;
  }
  double at_least(const std::string& path, double v, double low, double high, bool open_low = false) const {
    finite(path, v);
    if ((open_low ? v <= low : v < low) || v > high) {
      fail(path, num(v) + " is out of range; allowed: " + (open_low ? "more than " : "") + num(low) +
                     (open_low ? " up to " : " to ") + num(high));
    }
    return v;
  }
  std::int64_t count(const std::string& path, std::int64_t v, std::int64_t low, std::int64_t high,
                     const std::string& note = "") const {
    if (v < low || v > high) {
      fail(path, std::to_string(v) + " is out of range; allowed: " + std::to_string(low) + " to " +
                     std::to_string(high) + note);
    }
    return v;
  }
  // A name from the enum's table (models/inputs), or an error that lists them.
  template <class E>
  E pick(const std::string& path, const std::string& value) const {
    E out{};
    if (!models::parse_enum(value, out))
      fail(path, unknown_name(models::enum_table(E{}).noun, value, models::enum_names<E>()));
    return out;
  }
  sim::Duration duration(const std::string& path, const std::string& text, bool allow_zero = true) const {
    sim::Duration d = 0;
    try {
      d = sim::parse_duration(text);
    } catch (const std::exception& e) {
      fail(path, "bad duration \"" + text + "\": " + e.what());
    }
    if (d > kMaxDuration) {
      fail(path, "duration \"" + text + "\" is too long; allowed: up to 3650d");
    }
    if (!allow_zero && d == 0) fail(path, "duration must be more than 0; allowed: e.g. \"90s\", \"5m\", \"12h\"");
    return d;
  }
  double duration_us(const std::string& path, const std::string& text, bool allow_zero) const {
    return static_cast<double>(duration(path, text, allow_zero));
  }

  // Shared by both distribution kinds once values are plain numbers.
  sim::Distribution distribution_of(const std::string& path, const char* family, double a, double b,
                                    bool allow_zero, double max_value) const {
    const std::string f = path + "." + family;
    const auto positive = [&](const std::string& p, double v) {
      finite(p, v);
      if (v < 0.0 || (!allow_zero && v == 0.0) || v > max_value) {
        fail(p, num(v) + " is out of range; allowed: " + (allow_zero ? "0" : "more than 0") + " up to " +
                    num(max_value));
      }
      return v;
    };
    const std::string name = family;
    if (name == "constant") return sim::Distribution::constant(positive(path + ".constant", a));
    if (name == "exponential") {
      if (positive(f + ".mean", a) == 0.0) fail(f + ".mean", "must be more than 0 for an exponential");
      return sim::Distribution::exponential(a);
    }
    if (name == "lognormal_median" || name == "lognormal_mean") {
      const std::string lf = path + ".lognormal";
      const bool median = name == "lognormal_median";
      const double center = positive(lf + (median ? ".median" : ".mean"), a);
      if (center == 0.0) fail(lf + (median ? ".median" : ".mean"), "must be more than 0 for a lognormal");
      const double sigma = at_least(lf + ".sigma", b, 0.0, kMaxSigma, true);
      return median ? sim::Distribution::lognormal_median(center, sigma)
                    : sim::Distribution::lognormal_mean(center, sigma);
    }
    if (name == "weibull") {
      const double scale = positive(f + ".scale", a);
      if (scale == 0.0) fail(f + ".scale", "must be more than 0 for a weibull");
      return sim::Distribution::weibull(scale, at_least(f + ".shape", b, 0.0, kMaxShape, true));
    }
    if (name == "pareto") {
      const double scale = positive(f + ".scale", a);
      if (scale == 0.0) fail(f + ".scale", "must be more than 0 for a pareto (it is the minimum)");
      return sim::Distribution::pareto(scale, at_least(f + ".shape", b, 0.0, kMaxShape, true));
    }
    // uniform
    positive(f + ".low", a);
    positive(f + ".high", b);
    if (b < a) fail(f + ".high", "high (" + num(b) + ") is below low (" + num(a) + "); allowed: high >= low");
    if (!allow_zero && b == 0.0) fail(f + ".high", "must be more than 0");
    return sim::Distribution::uniform(a, b);
  }

  sim::Distribution empirical(const std::string& path, std::vector<double> values,
                              const google::protobuf::RepeatedField<double>& weights_in, bool allow_zero,
                              double max_value) const {
    const std::string f = path + ".empirical";
    if (values.empty()) fail(f + ".values", "no values; allowed: one or more values with optional weights");
    std::vector<double> weights(weights_in.begin(), weights_in.end());
    if (weights.empty()) weights.assign(values.size(), 1.0);
    if (weights.size() != values.size()) {
      fail(f + ".weights", std::to_string(weights.size()) + " weights for " + std::to_string(values.size()) +
                               " values; allowed: one weight per value, or none (equal weights)");
    }
    double sum = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const std::string vp = f + ".values[" + std::to_string(i) + "]";
      finite(vp, values[i]);
      if (values[i] < 0.0 || (!allow_zero && values[i] == 0.0) || values[i] > max_value) {
        fail(vp, num(values[i]) + " is out of range; allowed: " + (allow_zero ? "0" : "more than 0") + " up to " +
                     num(max_value));
      }
      const std::string wp = f + ".weights[" + std::to_string(i) + "]";
      finite(wp, weights[i]);
      if (weights[i] < 0.0) fail(wp, num(weights[i]) + " is negative; allowed: weights >= 0");
      sum += weights[i];
    }
    if (!(sum > 0.0) || !std::isfinite(sum)) {
      fail(f + ".weights", "weights sum to " + num(sum) + "; allowed: non-negative weights with a positive, finite sum");
    }
    return sim::Distribution::empirical(std::move(values), std::move(weights));
  }

  // Microseconds.
  sim::Distribution duration_distribution(const std::string& path, const pb::DurationDistribution& d,
                                          bool allow_zero) const {
    using F = pb::DurationDistribution;
    const auto us = [&](const std::string& p, const std::string& text) { return duration_us(p, text, true); };
    switch (d.family_case()) {
      case F::kConstant:
        return distribution_of(path, "constant", us(path + ".constant", d.constant()), 0, allow_zero, kMaxDurationUs);
      case F::kExponential:
        return distribution_of(path, "exponential", us(path + ".exponential.mean", required(path + ".exponential.mean", d.exponential().has_mean(), d.exponential().mean())), 0, allow_zero, kMaxDurationUs);
      case F::kLognormal: {
        const auto& l = d.lognormal();
        const std::string lp = path + ".lognormal";
        if (l.center_case() == pb::DurationLognormal::CENTER_NOT_SET) {
          fail(lp, "lognormal needs `median` or `mean` (a duration) and `sigma`");
        }
        const bool median = l.center_case() == pb::DurationLognormal::kMedian;
        const std::string cp = lp + (median ? ".median" : ".mean");
        const double center = us(cp, median ? l.median() : l.mean());
        if (!l.has_sigma()) fail(lp + ".sigma", "missing; a lognormal needs sigma (more than 0 up to 10)");
        return distribution_of(path, median ? "lognormal_median" : "lognormal_mean", center, l.sigma(), allow_zero, kMaxDurationUs);
      }
      case F::kWeibull:
        return distribution_of(path, "weibull",
                               us(path + ".weibull.scale", required(path + ".weibull.scale", d.weibull().has_scale(), d.weibull().scale())),
                               shape(path + ".weibull", d.weibull().has_shape(), d.weibull().shape()), allow_zero, kMaxDurationUs);
      case F::kPareto:
        return distribution_of(path, "pareto",
                               us(path + ".pareto.scale", required(path + ".pareto.scale", d.pareto().has_scale(), d.pareto().scale())),
                               shape(path + ".pareto", d.pareto().has_shape(), d.pareto().shape()), allow_zero, kMaxDurationUs);
      case F::kUniform:
        return distribution_of(path, "uniform",
                               us(path + ".uniform.low", required(path + ".uniform.low", d.uniform().has_low(), d.uniform().low())),
                               us(path + ".uniform.high", required(path + ".uniform.high", d.uniform().has_high(), d.uniform().high())),
                               allow_zero, kMaxDurationUs);
      case F::kEmpirical: {
        std::vector<double> values;
        for (int i = 0; i < d.empirical().values_size(); ++i) {
          values.push_back(us(path + ".empirical.values[" + std::to_string(i) + "]", d.empirical().values(i)));
        }
        return empirical(path, std::move(values), d.empirical().weights(), allow_zero, kMaxDurationUs);
      }
      case F::FAMILY_NOT_SET:
        break;
    }
    fail(path, "no distribution given; allowed: one of constant, exponential, lognormal, weibull, pareto, uniform, empirical");
  }

  sim::Distribution number_distribution(const std::string& path, const pb::NumberDistribution& d, bool allow_zero,
                                        double max_value) const {
    using F = pb::NumberDistribution;
    switch (d.family_case()) {
      case F::kConstant: return distribution_of(path, "constant", d.constant(), 0, allow_zero, max_value);
      case F::kExponential:
        need(path + ".exponential.mean", d.exponential().has_mean());
        return distribution_of(path, "exponential", d.exponential().mean(), 0, allow_zero, max_value);
      case F::kLognormal: {
        const auto& l = d.lognormal();
        const std::string lp = path + ".lognormal";
        if (l.center_case() == pb::NumberLognormal::CENTER_NOT_SET) {
          fail(lp, "lognormal needs `median` or `mean` and `sigma`");
        }
        if (!l.has_sigma()) fail(lp + ".sigma", "missing; a lognormal needs sigma (more than 0 up to 10)");
        const bool median = l.center_case() == pb::NumberLognormal::kMedian;
        return distribution_of(path, median ? "lognormal_median" : "lognormal_mean", median ? l.median() : l.mean(),
                               l.sigma(), allow_zero, max_value);
      }
      case F::kWeibull:
        need(path + ".weibull.scale", d.weibull().has_scale());
        return distribution_of(path, "weibull", d.weibull().scale(),
                               shape(path + ".weibull", d.weibull().has_shape(), d.weibull().shape()), allow_zero, max_value);
      case F::kPareto:
        need(path + ".pareto.scale", d.pareto().has_scale());
        return distribution_of(path, "pareto", d.pareto().scale(),
                               shape(path + ".pareto", d.pareto().has_shape(), d.pareto().shape()), allow_zero, max_value);
      case F::kUniform:
        need(path + ".uniform.low", d.uniform().has_low());
        need(path + ".uniform.high", d.uniform().has_high());
        return distribution_of(path, "uniform", d.uniform().low(), d.uniform().high(), allow_zero, max_value);
      case F::kEmpirical:
        return empirical(path, {d.empirical().values().begin(), d.empirical().values().end()}, d.empirical().weights(),
                         allow_zero, max_value);
      case F::FAMILY_NOT_SET:
        break;
    }
    fail(path, "no distribution given; allowed: one of constant, exponential, lognormal, weibull, pareto, uniform, empirical");
  }

  models::Diurnal diurnal(const std::string& path, const google::protobuf::RepeatedField<double>& hours) const {
    if (hours.empty()) return {};
    if (hours.size() != 24) {
      fail(path, std::to_string(hours.size()) + " factors; allowed: none (flat) or exactly 24 hourly factors");
    }
    double sum = 0.0;
    for (int i = 0; i < hours.size(); ++i) {
      const std::string p = path + "[" + std::to_string(i) + "]";
      finite(p, hours[i]);
      if (hours[i] < 0.0) fail(p, num(hours[i]) + " is negative; allowed: factors >= 0");
      sum += hours[i];
    }
    if (!(sum > 0.0) || !std::isfinite(sum)) fail(path, "factors sum to " + num(sum) + "; allowed: a positive finite sum");
    models::Diurnal out(hours.begin(), hours.end());
    for (double& h : out) h *= 24.0 / sum;  // mean 1 (R4.1 keeps the daily rate)
    return out;
  }

 private:
  void need(const std::string& path, bool present) const {
    if (!present) fail(path, "missing; this distribution needs it");
  }
  const std::string& required(const std::string& path, bool present, const std::string& value) const {
    need(path, present);
    return value;
  }
  double shape(const std::string& family_path, bool present, double value) const {
    need(family_path + ".shape", present);
    return value;
  }

  const Origin& origin_;
};

std::string index_path(const std::string& base, int i) { return base + "[" + std::to_string(i) + "]"; }

models::ClientMix client_mix(const Checker& c, const std::string& path,
                             const google::protobuf::RepeatedPtrField<pb::WeightedProfile>& mix,
                             const std::vector<std::string>& profiles) {
  if (mix.empty()) c.fail(path, "empty; allowed: one or more { profile: \"name\" weight: w } entries");
  models::ClientMix out;
  double sum = 0.0;
  for (int i = 0; i < mix.size(); ++i) {
    const std::string p = index_path(path, i);
    const auto& w = mix[i];
    std::size_t index = 0;
    while (index < profiles.size() && profiles[index] != w.profile()) ++index;
    if (index == profiles.size()) c.fail(p + ".profile", unknown_name("client profile", w.profile(), profiles));
    for (const auto& seen : out) {
      if (seen.profile == index) c.fail(p + ".profile", "profile \"" + w.profile() + "\" appears twice in this mix");
    }
    if (!w.has_weight()) c.fail(p + ".weight", "missing; allowed: a weight >= 0");
    const double weight = c.finite(p + ".weight", w.weight());
    if (weight < 0.0 || weight > 1e12) c.fail(p + ".weight", std::to_string(weight) + " is out of range; allowed: 0 to 1e12");
    sum += weight;
    out.push_back({static_cast<models::ProfileIndex>(index), weight});
  }
  if (!(sum > 0.0)) c.fail(path, "weights sum to 0; allowed: non-negative weights with a positive sum");
  return out;
}

}  // namespace

// Read once the program runs, when every strategy file has registered.
const std::vector<std::string>& strategy_names() {
  static const std::vector<std::string> names = models::enum_names<models::StrategyKind>();
  return names;
}

namespace {
template <class E>
std::string quoted_names() {
  std::vector<std::string> names = models::enum_names<E>();
  for (std::string& n : names) n = "\"" + n + "\"";
  return join_allowed(names);
}
}  // namespace

std::string enum_field_values(std::string_view field) {
  if (field == "strategies" || field == "bind2_offline_strategy") return quoted_names<models::StrategyKind>();
  if (field == "default") return quoted_names<models::MamDefault>();
  if (field == "auth") return quoted_names<models::Auth>();
  if (field == "catchup_order") return quoted_names<models::CatchupOrder>();
  if (field == "catchup_from") return quoted_names<models::CatchupFrom>();
  if (field == "resend_on_timeout") return quoted_names<models::ResendOnTimeout>();
  if (field == "generator") return quoted_names<models::ContactGenerator>();
  return "";
}

models::Scenario to_model(const pb::Scenario& r, const Origin& origin) {
  const Checker c(origin);
  models::Scenario s;
  s.name = r.name();
  s.description = r.description();
  s.seed = r.seed();
  s.replications = static_cast<std::uint32_t>(c.count("replications", r.replications(), 1, 10'000));
  s.horizon = c.duration("horizon", r.horizon(), false);
  s.warmup = c.duration("warmup", r.warmup());
  s.drain = c.duration("drain", r.drain());

  for (int i = 0; i < r.strategies_size(); ++i) {
    const std::string p = index_path("strategies", i);
    const auto k = c.pick<models::StrategyKind>(p, r.strategies(i));
    for (auto seen : s.strategies) {
      if (seen == k) c.fail(p, "strategy \"" + r.strategies(i) + "\" is listed twice");
    }
    s.strategies.push_back(k);
  }

  std::vector<std::string> profile_names;
  for (const auto& profile : r.clients()) {
    const std::string p = "clients[" + profile.name() + "]";
    models::ClientProfile m;
    m.name = profile.name();
    m.auth = c.pick<models::Auth>(p + ".auth", profile.auth());
    m.stream_management = profile.stream_management();
    m.mam_catchup = profile.mam_catchup();
    m.catchup_max_age = c.duration(p + ".catchup_max_age", profile.catchup_max_age());
    if (m.catchup_max_age == 0) m.catchup_max_age = models::kNoAgeLimit;
    const auto max_messages = c.count(p + ".catchup_max_messages", profile.catchup_max_messages(), 0, kMaxCount,
                                      " (0 = no limit)");
    m.catchup_max_messages = max_messages == 0 ? models::kUnlimited : static_cast<std::uint32_t>(max_messages);
    m.catchup_order = c.pick<models::CatchupOrder>(p + ".catchup_order", profile.catchup_order());
    m.catchup_from = c.pick<models::CatchupFrom>(p + ".catchup_from", profile.catchup_from());
    m.mam_before_presence = profile.mam_before_presence();
    m.new_user_agent_each_login = profile.new_user_agent_each_login();
    m.presence_priority = static_cast<int>(c.count(p + ".presence_priority", profile.presence_priority(), -128, 127,
                                                   " (XMPP presence priority)"));
    m.online_duration = c.duration_distribution(p + ".online_duration", profile.online_duration(), false);
    m.offline_duration = c.duration_distribution(p + ".offline_duration", profile.offline_duration(), false);
    m.diurnal = c.diurnal(p + ".diurnal", profile.diurnal());
    m.abrupt_disconnect_share = c.share(p + ".abrupt_disconnect_share", profile.abrupt_disconnect_share());
    profile_names.push_back(m.name);
    s.clients.push_back(std::move(m));
  }
  if (s.clients.size() > 1000) c.fail("clients", "too many profiles; allowed: up to 1000");

  const auto& pop = r.population();
  s.population.users = static_cast<std::uint32_t>(
      c.count("population.users", pop.users(), 2, kMaxUsers, " (a message needs a sender and a recipient)"));
  s.population.devices_per_user = c.number_distribution("population.devices_per_user", pop.devices_per_user(), false,
                                                        kMaxDevicesPerUser);
  {
    const auto& d = pop.devices_per_user();
    const bool whole_kind = d.family_case() == pb::NumberDistribution::kConstant ||
                            d.family_case() == pb::NumberDistribution::kEmpirical;
    if (!whole_kind) {
      c.fail("population.devices_per_user",
             "a device count must be whole; allowed: constant or empirical with whole values " + kDeviceRange);
    }
    const auto& values = s.population.devices_per_user.kind == sim::Distribution::Kind::Constant
                             ? std::vector<double>{s.population.devices_per_user.a}
                             : s.population.devices_per_user.values;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (values[i] < 1.0 || values[i] != std::floor(values[i])) {
        const std::string p = d.family_case() == pb::NumberDistribution::kConstant
                                  ? "population.devices_per_user.constant"
                                  : "population.devices_per_user.empirical.values[" + std::to_string(i) + "]";
        c.fail(p, num(values[i]) + " devices; allowed: whole numbers " + kDeviceRange);
      }
    }
  }
  s.population.client_mix = client_mix(c, "population.client_mix", pop.client_mix(), profile_names);
  if (pop.device_slots_size() > kMaxDevicesPerUser) {
    c.fail("population.device_slots",
           std::to_string(pop.device_slots_size()) + " slots; allowed: up to " + std::to_string(kMaxDevicesPerUser));
  }
  for (int i = 0; i < pop.device_slots_size(); ++i) {
    const std::string p = index_path("population.device_slots", i);
    s.population.device_slots.push_back(client_mix(c, p + ".client_mix", pop.device_slots(i).client_mix(), profile_names));
  }
  double override_sum = 0.0;
  for (int i = 0; i < pop.mam_default_overrides_size(); ++i) {
    const std::string p = index_path("population.mam_default_overrides", i);
    const auto& o = pop.mam_default_overrides(i);
    if (!o.has_default_()) c.fail(p + ".default", "missing; allowed: " + join_allowed(models::enum_names<models::MamDefault>()));
    models::MamDefaultOverride m;
    m.value = c.pick<models::MamDefault>(p + ".default", o.default_());
    m.share = c.share(p + ".share", o.share());
    override_sum += m.share;
    s.population.mam_default_overrides.push_back(m);
  }
  if (override_sum > 1.0 + 1e-9) {
    c.fail("population.mam_default_overrides",
           "shares sum to " + num(override_sum) + "; allowed: a total of at most 1 (the rest keep the server default)");
  }
  s.population.mam_always_contact_share = c.share("population.mam_always_contact_share", pop.mam_always_contact_share());
  s.population.mam_never_contact_share = c.share("population.mam_never_contact_share", pop.mam_never_contact_share());
  if (s.population.mam_always_contact_share + s.population.mam_never_contact_share > 1.0 + 1e-9) {
    c.fail("population.mam_never_contact_share",
           "mam_always_contact_share + mam_never_contact_share exceed 1; allowed: a total of at most 1");
  }

  const auto& con = r.contacts();
  s.contacts.generator = c.pick<models::ContactGenerator>("contacts.generator", con.generator());
  s.contacts.mean_degree = c.at_least("contacts.mean_degree", con.mean_degree(), 0.0, 10'000.0);
  s.contacts.one_way_share = c.share("contacts.one_way_share", con.one_way_share());
  s.contacts.rewire_probability = c.share("contacts.rewire_probability", con.rewire_probability());
  s.contacts.power_law_alpha = c.at_least("contacts.power_law_alpha", con.power_law_alpha(), 1.0, 10.0, true);
  if (s.contacts.generator == models::ContactGenerator::File) {
    if (con.file().empty()) c.fail("contacts.file", "missing; generator \"file\" needs a contact file (edge list or GraphML)");
    s.contacts.file = con.file();
    if (s.contacts.file.front() != '/' && !origin.base_dir.empty()) s.contacts.file = origin.base_dir + "/" + con.file();
  } else {
    if (!con.file().empty()) {
      c.fail("contacts.file", "a contact file is given but generator is \"" + con.generator() +
                                  "\"; allowed: generator: \"file\" with a file, or no file");
    }
    if (s.contacts.mean_degree > static_cast<double>(s.population.users - 1)) {
      c.fail("contacts.mean_degree", num(s.contacts.mean_degree) + " contacts per user with " +
                                         std::to_string(s.population.users) + " users; allowed: 0 to users - 1");
    }
  }

  const auto& t = r.traffic();
  s.traffic.messages_per_user_per_day =
      c.at_least("traffic.messages_per_user_per_day", t.messages_per_user_per_day(), 0.0, 100'000.0);
  if (t.has_sent_messages_per_user_per_day()) {
    s.traffic.sent_messages_per_user_per_day =
        c.at_least("traffic.sent_messages_per_user_per_day", t.sent_messages_per_user_per_day(), 0.0, 100'000.0);
  }
  s.traffic.diurnal = c.diurnal("traffic.diurnal", t.diurnal());
  s.traffic.sender_must_be_online = t.sender_must_be_online();
  s.traffic.stranger_share = c.share("traffic.stranger_share", t.stranger_share());
  s.traffic.size = c.number_distribution("traffic.size", t.size(), false, kMaxBytes);
  s.traffic.no_store_share = c.share("traffic.no_store_share", t.no_store_share());

  const auto& sv = r.server();
  s.server.preset = sv.preset();
  if (sv.has_bind2_offline_strategy() && !sv.bind2_offline_strategy().empty()) {
    s.server.bind2_offline_strategy =
        c.pick<models::StrategyKind>("server.bind2_offline_strategy", sv.bind2_offline_strategy());
  }
  s.server.offline.enabled = sv.offline().enabled();
  const auto limit = c.count("server.offline.max_user_messages", sv.offline().max_user_messages(), 0, kMaxCount,
                             " (0 = unlimited)");
  s.server.offline.max_user_messages = limit == 0 ? models::kUnlimited : static_cast<std::uint32_t>(limit);
  s.server.offline.use_mam_for_storage = sv.offline().use_mam_for_storage();
  s.server.offline.honour_no_store = sv.offline().honour_no_store();
  s.server.offline.flush_after_mam_query = sv.offline().flush_after_mam_query();
  s.server.offline.full_store_bounces_archived = sv.offline().full_store_bounces_archived();
  s.server.offline.ttl = c.duration("server.offline.ttl", sv.offline().ttl());
  s.server.offline.row_overhead_bytes = static_cast<std::uint32_t>(
      c.count("server.offline.row_overhead_bytes", sv.offline().row_overhead_bytes(), 0, 1'000'000));
  s.server.mam.enabled = sv.mam().enabled();
  s.server.mam.default_mode = c.pick<models::MamDefault>("server.mam.default", sv.mam().default_());
  s.server.mam.retention = c.duration("server.mam.retention", sv.mam().retention());
  s.server.mam.archive_lag = c.duration_distribution("server.mam.archive_lag", sv.mam().archive_lag(), true);
  s.server.mam.failure_share = c.share("server.mam.failure_share", sv.mam().failure_share());
  s.server.mam.row_overhead_bytes = static_cast<std::uint32_t>(
      c.count("server.mam.row_overhead_bytes", sv.mam().row_overhead_bytes(), 0, 1'000'000));
  s.server.mam.archive_sender_copy = sv.mam().archive_sender_copy();
  const auto archive_cap = c.count("server.mam.max_user_messages", sv.mam().max_user_messages(), 0, kMaxCount,
                                   " (0 = no cap)");
  s.server.mam.max_user_messages = archive_cap == 0 ? models::kUnlimited : static_cast<std::uint32_t>(archive_cap);
  const auto& sm = sv.stream_management();
  s.server.stream_management.enabled = sm.enabled();
  s.server.stream_management.resume_timeout = c.duration("server.stream_management.resume_timeout", sm.resume_timeout());
  s.server.stream_management.ack_timeout = c.duration("server.stream_management.ack_timeout", sm.ack_timeout(), false);
  s.server.stream_management.resend_on_timeout =
      c.pick<models::ResendOnTimeout>("server.stream_management.resend_on_timeout", sm.resend_on_timeout());
  s.server.stream_management.max_ack_queue = static_cast<std::uint32_t>(
      c.count("server.stream_management.max_ack_queue", sm.max_ack_queue(), 1, kMaxCount));
  s.server.stream_management.overflow_drops_oldest = sm.overflow_drops_oldest();
  s.server.stream_management.leave_archived_to_mam = sm.leave_archived_to_mam();
  s.server.stream_management.bounce_if_other_session = sm.bounce_if_other_session();
  s.server.stream_management.resend_while_registered = sm.resend_while_registered();
  s.server.zombie_detect_delay = c.duration_distribution("server.zombie_detect_delay", sv.zombie_detect_delay(), true);

  s.prices.storage_per_gb_month = c.at_least("prices.storage_per_gb_month", r.prices().storage_per_gb_month(), 0.0, 1e9);
  s.prices.per_million_operations =
      c.at_least("prices.per_million_operations", r.prices().per_million_operations(), 0.0, 1e9);
  if (r.prices().has_currency()) {
    // A label printed beside costs: short, printable, no separators that
    // would split a CSV field or a table cell.
    const std::string& cur = r.prices().currency();
    const bool printable = std::all_of(cur.begin(), cur.end(), [](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return u >= 0x80 || (std::isalnum(u) != 0) || ch == '$' || ch == '.' || ch == '_' || ch == '-';
    });
    if (cur.empty() || cur.size() > 16 || !printable)
      c.fail("prices.currency", "not a currency label (" + std::to_string(cur.size()) +
                                    " bytes); allowed: 1 to 16 letters, digits, $ . _ - or UTF-8 symbols, e.g. EUR");
    s.prices.currency = cur;
  }
  return s;
}

}  // namespace spoolsim::scenarios::detail
