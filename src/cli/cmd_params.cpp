// SPDX-License-Identifier: MIT
// `cranes params [--markdown|--json]`: every tunable parameter of the analysis, from the tables the flags are
// made from, and the words an analysis writes; docs/params.md is this command's Markdown.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/params_cli.hpp"
#include "cranes/analysis/analyzer.hpp"
#include "cranes/film/labels.hpp"
#include "cranes/look/look.hpp"

namespace cranes::cli {

void add_params_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "params", "List every parameter of the analysis and of the look, and the words an analysis writes");
  struct Opts {
    bool markdown = false;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  cmd->add_flag("--markdown", opts->markdown, "The reference as Markdown (docs/params.md is made with this)");
  cmd->add_flag("--json", opts->json, "The parameters as JSON: {analyzer: {name: {type, default, ...}}}");
  cmd->footer(
      "Each analysis parameter is a flag of `cranes analyze` (--NAME VALUE) and is recorded in\n"
      "FILM.cranes.json's \"params\"; each look parameter is a flag of `cranes look` and a key of a "
      "preset's\n"
      "\"params\" (share/looks/*.json). Examples:\n"
      "  cranes analyze film.mkv --fov 97 --lens-auto false\n"
      "  cranes look photo.jpg -o out/ --preset cuba --grain 0.8");
  cmd->callback([opts] {
    const ParamSet params = analysis::default_params();
    const ParamSet look = look::look_params();
    if (opts->markdown) {
      std::printf(
          "# Parameters and words\n\nMade by `cranes params --markdown`; every table comes from the "
          "program's own.\n\n## Parameters of `cranes analyze`\n\n%s## Parameters of `cranes look` (and of "
          "its presets)\n\n%s## Words in FILM.cranes.json\n\n%s",
          params_markdown(params).c_str(), params_markdown(look).c_str(), film::labels_markdown().c_str());
      return;
    }
    if (opts->json) {
      nlohmann::json j = nlohmann::json::object();
      auto add = [&](const ParamSet& set, const std::string& prefix) {
        for (const auto& [name, e] : set.specs())
          j[prefix + e.owner][name] = {{"type", type_name(e.spec.type)},
                                       {"default", value_json(e.spec, e.spec.default_value)},
                                       {"min", e.spec.min_value},
                                       {"max", e.spec.max_value},
                                       {"unit", e.spec.unit},
                                       {"help", e.spec.help}};
      };
      add(params, "");
      add(look, "look ");
      std::printf("%s\n", j.dump(2).c_str());
      return;
    }
    auto group = [](const std::string& heading, std::span<const ParamSpec> specs) {
      std::printf("%s\n", heading.c_str());
      for (const auto& s : specs)
        std::printf("  --%-18s %s %s\n", std::string(s.name).c_str(), std::string(s.help).c_str(),
                    param_range_text(s).c_str());
    };
    group("pass: shared by the analyzers that read them", analysis::pass_params());
    for (const auto& a : analysis::registry())
      group(std::string(a.name) + ": " + std::string(a.help) + (a.by_default ? "" : " (not run by default)"),
            a.params);
    std::printf("look: flags of `cranes look` and keys of a preset's \"params\"\n");
    for (const auto& [name, e] : look.specs())
      std::printf("  --%-18s %s %s\n", name.c_str(), std::string(e.spec.help).c_str(),
                  param_range_text(e.spec).c_str());
  });
}

}  // namespace cranes::cli
