// SPDX-License-Identifier: MIT
#include "scalelab/workload.hpp"

#include <algorithm>
#include <stdexcept>

namespace scalelab {

Json Check::to_json() const {
  Json out = Json::object({{"passed", passed},
                           {"reported_only", reported_only},
                           {"what", what},
                           {"value", value},
                           {"expected", expected},
                           {"error", error}});
  out.set("details", details);
  return out;
}

void VariantRegistry::add(std::string model, VariantTraits traits, VariantFactory factory) {
  if (has(model)) throw std::logic_error("variant registered twice: " + model);
  entries_.push_back({std::move(model), traits, std::move(factory)});
}

bool VariantRegistry::has(const std::string& model) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return e.model == model; });
}

const VariantRegistry::Entry& VariantRegistry::entry(const std::string& model) const {
  for (const Entry& e : entries_) {
    if (e.model == model) return e;
  }
  throw std::logic_error("no variant registered for model " + model);
}

const VariantTraits& VariantRegistry::traits(const std::string& model) const {
  return entry(model).traits;
}

std::unique_ptr<Workload> VariantRegistry::create(const std::string& model,
                                                  const RunContext& ctx) const {
  return entry(model).factory(ctx);
}

std::vector<std::string> VariantRegistry::models() const {
  std::vector<std::string> out;
  for (const Entry& e : entries_) out.push_back(e.model);
  return out;
}

std::vector<std::string> VariantRegistry::models_with(bool VariantTraits::*trait) const {
  std::vector<std::string> out;
  for (const Entry& e : entries_)
    if (e.traits.*trait) out.push_back(e.model);
  return out;
}

const std::vector<std::string>& known_models() {
  static const std::vector<std::string> kModels{"serial", "openmp", "mpi", "hybrid", "eigen"};
  return kModels;
}

}  // namespace scalelab
