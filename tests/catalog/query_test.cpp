// SPDX-License-Identifier: MIT
// The search language without a catalog: each phrase stands for the structured form docs/search.md gives,
// the canonical form parses back to the same SQL, malformed queries name the word and its column, and
// values (quotes, ';', '--', SQL words) reach SQLite only as bound parameters.
#include "cranes/catalog/query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cranes/core/error.hpp"

namespace cranes::catalog {
namespace {

std::string canonical(const std::string& q, const SearchOptions& o = {}) {
  return compile_query(q, o).canonical;
}

// The cause of the error the query raises ("" when it compiles).
std::string error_of(const std::string& q) {
  try {
    compile_query(q);
  } catch (const Error& e) {
    EXPECT_EQ(e.subject(), "search");
    EXPECT_EQ(e.kind(), Error::Kind::Usage);
    return e.cause();
  }
  return "";
}

TEST(QueryLanguage, DocumentedExamplesHaveTheirStructuredForms) {
  EXPECT_EQ(canonical("long takes with a spin"), "length>=30s and spin>=180");
  EXPECT_EQ(canonical("Dutch angle over 20 degrees"), "dutch>20");
  EXPECT_EQ(canonical("tracking shots longer than a minute in I Am Cuba"),
            "movement:truck,dolly,arc and length>60s and film:\"I Am Cuba\"");
  EXPECT_EQ(canonical("close-ups after a crane move"), "scale<=CU and after:(movement:pedestal)");
  EXPECT_EQ(canonical("handheld shots in films before 1960"), "handheld and year<1960");
}

TEST(QueryLanguage, EachPhraseStandsForOneStructuredForm) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"long takes", "length>=30s"},
      {"LONG TAKES", "length>=30s"},
      {"long-takes", "length>=30s"},
      {"with a spin", "spin>=180"},
      {"spinning camera", "spin>=180"},
      {"spin", "spin>=180"},
      {"rolls", "movement:roll"},
      {"Dutch angle over 20 degrees", "dutch>20"},
      {"dutch angles more than 15 deg", "dutch>15"},
      {"tilted by over 12 degrees", "dutch>12"},
      {"Dutch angle under 10 degrees", "dutch<10"},
      {"Dutch angles", "dutch"},
      {"tilted shots", "dutch"},
      {"canted frames", "dutch"},
      {"close-ups", "scale<=CU"},
      {"close ups", "scale<=CU"},
      {"closeups", "scale<=CU"},
      {"extreme close-ups", "scale<=ECU"},
      {"medium close-ups", "scale:MCU"},
      {"medium shots", "scale:MS"},
      {"medium long shots", "scale:MLS"},
      {"wide shots", "scale>=LS"},
      {"long shots", "scale>=LS"},
      {"extreme long shots", "scale>=ELS"},
      {"crane shots", "movement:pedestal"},
      {"a crane move", "movement:pedestal"},
      {"crane up", "movement:pedestal_up"},
      {"crane down", "movement:pedestal_down"},
      {"tracking shots", "movement:truck,dolly,arc"},
      {"travelling shots", "movement:truck,dolly,arc"},
      {"pans", "movement:pan"},
      {"tilts", "movement:tilt"},
      {"zooms", "movement:zoom"},
      {"dolly shots", "movement:dolly"},
      {"handheld", "handheld"},
      {"hand-held camera", "handheld"},
      {"whips", "whip"},
      {"whip pans", "whip:pan"},
      {"whip-pan shots", "whip:pan"},
      {"swish pans", "whip:pan"},
      {"whip tilts", "whip:tilt"},
      {"crash zooms", "whip:zoom"},
      {"a snap zoom", "whip:zoom"},
      {"low-angle shots", "angle:low"},
      {"low angle", "angle:low"},
      {"high angle shots", "angle:high"},
      {"bird's-eye view", "angle:overhead"},
      {"worm's eye view", "angle:worms_eye"},
      {"dissolves", "transition:dissolve"},
      {"fades", "transition:fade_out,fade_in"},
      {"in I Am Cuba", "film:\"I Am Cuba\""},
      {"in \"Gone with the Wind\"", "film:\"Gone with the Wind\""},
      {"in The Cranes Are Flying", "film:\"The Cranes Are Flying\""},
      {"in Before Sunrise", "film:\"Before Sunrise\""},
      {"by Kalatozov", "director:\"Kalatozov\""},
      {"directed by Mikhail Kalatozov", "director:\"Mikhail Kalatozov\""},
      {"before 1960", "year<1960"},
      {"after 1960", "year>1960"},
      {"since 1957", "year>=1957"},
      {"from 1964", "year:1964"},
      {"in 1957", "year:1957"},
      {"in the 1950s", "year:1950..1959"},
      {"1960s", "year:1960..1969"},
      {"between 1964 and 1957", "year:1957..1964"},
      {"longer than a minute", "length>60s"},
      {"longer than 2 minutes", "length>120s"},
      {"longer than 90 seconds", "length>90s"},
      {"longer than 1:30", "length>90s"},
      {"longer than 1m30s", "length>90s"},
      {"shorter than 2 seconds", "length<2s"},
      {"after a crane move", "after:(movement:pedestal)"},
      {"followed by a dissolve", "before:(transition:dissolve)"},
      {"shots", ""},
      {"in films", ""},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(canonical(query), expected) << query;
}

TEST(QueryLanguage, StructuredTerms) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"movement:roll", "movement:roll"},
      {"movement:pan_left", "movement:pan_left"},
      {"MOVEMENT:Pan,tilt_up", "movement:pan,tilt_up"},
      {"length>60s", "length>60s"},
      {"length > 60", "length>60s"},
      {"length:1m..3m", "length:60s..180s"},
      {"length:..1:30", "length<=90s"},
      {"length:2m..", "length>=120s"},
      {"length<=1h2m", "length<=3720s"},
      {"length:1.5m", "length:90s"},
      {"dutch>20", "dutch>20"},
      {"dutch>=20deg", "dutch>=20"},
      {"dutch:yes", "dutch"},
      {"dutch:no", "dutch:no"},
      {"spin>=360", "spin>=360"},
      {"scale:CU", "scale:CU"},
      {"scale:cu", "scale:CU"},
      {"scale<=MS", "scale<=MS"},
      {"scale>LS", "scale>LS"},
      {"scale:CU-MS", "scale:CU..MS"},
      {"scale:MCU..MS", "scale:MCU..MS"},
      {"scale:unknown", "scale:unknown"},
      {"angle:low", "angle:low"},
      {"angle:low,worms_eye", "angle:low,worms_eye"},
      {"handheld:no", "handheld:no"},
      {"whip:yes", "whip"},
      {"whip:no", "whip:no"},
      {"whip:pan_left,zoom", "whip:pan_left,zoom"},
      {"transition:dissolve", "transition:dissolve"},
      {"transition:fade", "transition:fade_out,fade_in"},
      {"transition_in:fade_in", "transition_in:fade_in"},
      {"film:\"I Am Cuba\"", "film:\"I Am Cuba\""},
      {"film:'I Am Cuba'", "film:\"I Am Cuba\""},
      {"director:Kalatozov", "director:\"Kalatozov\""},
      {"director:O'Brien", "director:\"O'Brien\""},
      {"country:USSR", "country:\"USSR\""},
      {"year<1960", "year<1960"},
      {"year:1957..1964", "year:1957..1964"},
      {"year!=1957", "not year:1957"},
      {"tag:favourite", "tag:\"favourite\""},
      {"after:movement:tilt_up", "after:(movement:tilt_up)"},
      {"before:(handheld or dutch)", "before:(handheld or dutch)"},
      {"after:after:movement:roll", "after:(after:(movement:roll))"},
      {"sort:length", "sort:length"},
      {"sort:-dutch,year", "sort:-dutch,year"},
      {"limit:20", "limit:20"},
      {"limit:all", "limit:all"},
  };
  for (const auto& [query, expected] : cases) EXPECT_EQ(canonical(query), expected) << query;
}

TEST(QueryLanguage, AndOrNotParentheses) {
  EXPECT_EQ(canonical("handheld dutch"), "handheld and dutch");
  EXPECT_EQ(canonical("handheld and dutch or spin"), "(handheld and dutch) or spin>=180");
  EXPECT_EQ(canonical("handheld and (dutch or spin)"), "handheld and (dutch or spin>=180)");
  EXPECT_EQ(canonical("not handheld"), "not handheld");
  EXPECT_EQ(canonical("long takes without handheld"), "length>=30s and not handheld");
  EXPECT_EQ(canonical("not (pans or tilts)"), "not (movement:pan or movement:tilt)");
  EXPECT_EQ(canonical("long takes but not handheld sort:-length limit:5"),
            "length>=30s and not handheld sort:-length limit:5");
  EXPECT_EQ(canonical("tracking shots in I Am Cuba before 1965"),
            "movement:truck,dolly,arc and film:\"I Am Cuba\" and year<1965");
  EXPECT_EQ(canonical("in I Am Cuba handheld"), "film:\"I Am Cuba\" and handheld");
}

TEST(QueryLanguage, TheCanonicalFormParsesToTheSameQuery) {
  for (const std::string q :
       {"long takes with a spin", "Dutch angle over 20 degrees",
        "tracking shots longer than a minute in I Am Cuba", "close-ups after a crane move",
        "handheld shots in films before 1960",
        "handheld and (dutch or not scale:CU-MS) sort:-length,film limit:7",
        "film:\"a \\\"quoted\\\" title\" or director:O'Brien", "fades followed by a dissolve"}) {
    const CompiledQuery a = compile_query(q);
    const CompiledQuery b = compile_query(a.canonical);
    EXPECT_EQ(b.canonical, a.canonical) << q;
    EXPECT_EQ(b.sql, a.sql) << q;
    EXPECT_EQ(b.binds, a.binds) << q;
  }
}

TEST(QueryLanguage, ThresholdsComeFromTheOptions) {
  SearchOptions o;
  o.long_take_s = 45;
  o.spin_deg = 270;
  EXPECT_EQ(canonical("long takes with a spin", o), "length>=45s and spin>=270");
}

TEST(QueryLanguage, TheLimitIsFetchedPlusOne) {
  const CompiledQuery plain = compile_query("handheld");
  EXPECT_EQ(plain.limit, 100);
  EXPECT_EQ(plain.binds.back(), sql::Value(int64_t{101}));
  const CompiledQuery twenty = compile_query("handheld limit:20");
  EXPECT_EQ(twenty.limit, 20);
  EXPECT_EQ(twenty.binds.back(), sql::Value(int64_t{21}));
  for (const std::string q : {"limit:0", "limit:all", "limit:99999999999999999999999"}) {
    const CompiledQuery all = compile_query(q);
    EXPECT_EQ(all.limit, 0) << q;
    EXPECT_EQ(all.binds.back(), sql::Value(int64_t{-1})) << q;
  }
}

TEST(QueryLanguage, ErrorsNameTheWordAndItsColumn) {
  EXPECT_EQ(error_of("lenght>60"), "unknown field 'lenght' at column 1 (did you mean 'length'?)");
  EXPECT_EQ(error_of("handheld lenght:1m"), "unknown field 'lenght' at column 10 (did you mean 'length'?)");
  EXPECT_EQ(error_of("spinnig"), "unknown word 'spinnig' at column 1 (did you mean 'spinning'?)");
  EXPECT_EQ(error_of("handheld and and dutch"), "'and' at column 10 needs a term after it");
  EXPECT_EQ(error_of("or dutch"), "'or' at column 1 needs a term before it");
  EXPECT_EQ(error_of("dutch or"), "'or' at column 7 needs a term after it");
  EXPECT_EQ(error_of("not"), "'not' at column 1 needs something to negate");
  EXPECT_EQ(error_of("(handheld"), "the '(' at column 1 is never closed");
  EXPECT_EQ(error_of("handheld)"), "unexpected ')' at column 9 (no '(' opens it)");
  EXPECT_EQ(error_of("()"), "nothing inside the parentheses at column 1");
  EXPECT_EQ(error_of("film:\"I Am"), "the quote at column 6 is never closed");
  EXPECT_EQ(error_of("length>abc"),
            "'abc' at column 8 is not a duration (90, 90s, 1m30s, 1:30) (for 'length')");
  EXPECT_EQ(error_of("length:3m..1m"),
            "the range '3m..1m' at column 8 is empty (write the smaller end first)");
  EXPECT_EQ(error_of("length>1m..3m"), "a range at column 8 takes ':' (length:A..B), not '>'");
  EXPECT_EQ(error_of("movement>pan"),
            "'movement' takes ':' (movement:KIND|LABEL[,...]), not '>' at column 9");
  EXPECT_EQ(error_of("film:"), "'film:' at column 1 needs a value after it");
  EXPECT_EQ(error_of("film:\"\""), "'film' at column 6 needs a value, not an empty string");
  EXPECT_EQ(error_of("in"), "'in' at column 1 needs a film title or name after it");
  EXPECT_EQ(error_of("after"), "'after' at column 1 needs a term after it (after a crane move)");
  EXPECT_EQ(error_of("\"I Am Cuba\""),
            "a quoted value at column 1 needs a field before it (film:\"...\", director:\"...\")");
  EXPECT_EQ(
      error_of("limit:ten"),
      "'limit' takes a whole number (limit:20; limit:0 or limit:all for every shot), not 'ten' at column 7");
  EXPECT_EQ(error_of("sort:lenght"),
            "unknown sort key 'lenght' at column 6 (did you mean 'length'?); sort by "
            "length, dutch, spin, start, year, film, scale (- first for descending)");
  EXPECT_EQ(
      error_of("scale:XL"),
      "unknown shot scale 'XL' at column 7; scales are ECU, CU, MCU, MS, MLS, LS, ELS (closest first) and "
      "unknown");
  EXPECT_EQ(error_of("scale:MS-CU"), "the scale range 'MS-CU' at column 7 is empty (closest first: CU..MS)");
  EXPECT_EQ(error_of("angle:lwo"),
            "unknown camera angle 'lwo' at column 7 (did you mean 'low'?); camera angles "
            "are level, high, low, overhead, worms_eye, unknown");
  EXPECT_EQ(error_of("transition:wipe"),
            "unknown transition 'wipe' at column 12; transitions are cut, dissolve, fade_out, fade_in");
  EXPECT_EQ(error_of("handheld:maybe"), "'handheld' takes yes or no, not 'maybe' at column 10");
  // A word in a list is pointed at where it stands; columns count characters, not bytes.
  const std::string e = error_of("Жура movement:pan,rol");
  EXPECT_EQ(e.substr(0, e.find(';')),
            "unknown word 'Жура' at column 1 (terms are field:value, e.g. movement:roll, "
            "or phrases such as 'long takes'");
  EXPECT_EQ(error_of("film:Жура movement:pan,rol").substr(0, 55),
            "unknown movement 'rol' at column 24 (did you mean 'roll");
  // Every error is one line.
  for (const std::string q : {"lenght>60", "movement:rol", "(", "sort:x", "scale:XL", "\"x"})
    EXPECT_EQ(error_of(q).find('\n'), std::string::npos) << q;
}

TEST(QueryLanguage, HostileValuesAreBoundNeverSpliced) {
  for (const std::string value :
       {"x'; DROP TABLE shots; --", "\" OR 1=1 --", "a%b_c", "'); DELETE FROM films;", "SELECT * FROM films",
        "Robert'); DROP TABLE tags;--"}) {
    for (const std::string field : {"film", "director", "country", "tag"}) {
      std::string escaped;
      for (const char c : value) {
        if (c == '"' || c == '\\') escaped += '\\';
        escaped += c;
      }
      const CompiledQuery q = compile_query(field + ":\"" + escaped + "\"");
      ASSERT_EQ(q.binds.size(), 2u) << field << " " << value;
      EXPECT_EQ(q.binds.front(), sql::Value(value));
      EXPECT_EQ(q.sql.find(value), std::string::npos);
      for (const std::string part : {"DROP", "DELETE", "--", "1=1", "'", "%", "FROM films;", "SELECT *"})
        EXPECT_EQ(q.sql.find(part), std::string::npos) << field << " " << value << ": " << part;
    }
  }
  // Unquoted words with SQL in them are values too.
  const CompiledQuery q = compile_query("director:x;DROP--");
  EXPECT_EQ(q.binds.front(), sql::Value(std::string("x;DROP--")));
  EXPECT_EQ(q.sql.find("DROP"), std::string::npos);
  // So are the numbers and the words of word tables.
  const CompiledQuery n = compile_query("length>60 dutch>20 movement:roll year<1960 angle:low");
  EXPECT_EQ(n.sql.find("60"), std::string::npos);
  EXPECT_EQ(n.sql.find("roll"), std::string::npos);
  EXPECT_EQ(n.sql.find("1960"), std::string::npos);
  EXPECT_EQ(n.sql.find("low"), std::string::npos);
}

TEST(QueryLanguage, HelpListsFieldsPhrasesAndExamples) {
  const std::string help = search_language_help();
  for (const std::string part :
       {"movement:KIND|LABEL", "length OP DURATION", "scale:S", "sort:[-]KEY", "\"long takes\"",
        "length>=30s", "'close-ups after a crane move'", "cranes search 'Dutch angle over 20 degrees'",
        "\"with a spin\"", "spin>=180"})
    EXPECT_NE(help.find(part), std::string::npos) << part;
}

}  // namespace
}  // namespace cranes::catalog
