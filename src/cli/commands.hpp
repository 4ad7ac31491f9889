// SPDX-License-Identifier: MIT
// Each subcommand lives in its own cmd_*.cpp and registers itself on the root app. Commands parse options,
// call the library and print; no algorithm lives here.
#pragma once

#include <CLI/CLI.hpp>

namespace cranes::cli {

void add_probe_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_synth_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_decode_command(CLI::App& app);
void add_shots_command(CLI::App& app);
void add_stats_command(CLI::App& app);
void add_params_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_sheet_command(CLI::App& app);
void add_gallery_command(CLI::App& app);
void add_look_command(CLI::App& app);
void add_catalog_command(CLI::App& app);
void add_search_command(CLI::App& app);

}  // namespace cranes::cli
