// SPDX-License-Identifier: MIT
// The search language of `cranes search`: structured terms (movement:roll, length>60s, scale<=MS), and / or /
// not / parentheses, and plain-English phrases ("long takes with a spin") that stand for them. A hand-written
// lexer and recursive-descent parser build a small tree that is translated to one parameterised SQL query:
// every value the user typed is a bound parameter, never part of the SQL text. docs/search.md is the
// reference.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cranes/catalog/sqlite.hpp"

namespace cranes::catalog {

/// The thresholds the phrases stand for.
struct SearchOptions {
  double long_take_s = 30.0;  ///< "long takes": shots at least this long
  double spin_deg = 180.0;    ///< "a spin": one roll movement turning at least this far
  int default_limit = 100;    ///< shots listed when the query has no limit:N
};

/// A query ready to run: `sql` with `binds` (parameters 1..N in order). The last bind is the number of rows
/// to fetch: limit + 1, so that the caller can tell whether there were more (-1 when there is no limit).
struct CompiledQuery {
  std::string sql;
  std::vector<sql::Value> binds;
  int limit = 0;          ///< shots to list; 0: all of them
  std::string canonical;  ///< the structured form ("length>=30s and spin>=180"); it parses to the same query
};

/// Parses and translates `text`. Throws cranes::Error (subject "search", Usage) naming the offending word and
/// its 1-based column: "unknown field 'lenght' at column 1 (did you mean 'length'?)".
CompiledQuery compile_query(std::string_view text, const SearchOptions& options = {});

/// The language in brief, for --help: the fields, the phrases and what they stand for, with examples.
std::string search_language_help(const SearchOptions& options = {});

/// The columns each row of CompiledQuery::sql returns, in order.
enum class HitColumn {
  FilmId,
  Title,
  Year,
  FilmPath,
  FpsNum,
  FpsDen,
  Shot,
  StartS,
  EndS,
  LengthS,
  StartFrame,
  Movements,
  DutchDeg,
  Scale,
  StillPath,
};

}  // namespace cranes::catalog
