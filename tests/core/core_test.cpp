// SPDX-License-Identifier: MIT
// The core's small contracts: parameters are typed, validated and declared once; rationals reduce and convert
// exactly; files appear whole or not at all; words read back as the values they name.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cranes/analysis/analyzer.hpp"
#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/core/geometry.hpp"
#include "cranes/core/params.hpp"
#include "cranes/core/rational.hpp"
#include "support/tools.hpp"

namespace cranes {
namespace {

constexpr std::string_view kModes[] = {"fast", "exact"};
constexpr ParamSpec kSpecs[] = {
    {"rate", "a rate", "deg/s", 2.0, 0.5, 10.0},
    {"count", "a count", "", 3, 0, 8, ParamType::Int},
    {"auto", "a switch", "", 1, 0, 1, ParamType::Bool},
    {"mode", "a choice", "", 1, 0, 1, ParamType::Choice, kModes},
};

TEST(ParamsTest, ValuesAreTypedValidatedAndRecordedAsTheirType) {
  ParamSet p(kSpecs, "test");
  EXPECT_EQ(p.get("rate"), 2.0);
  EXPECT_EQ(p.get_int("count"), 3);
  EXPECT_TRUE(p.get_bool("auto"));
  EXPECT_EQ(p.get_choice("mode"), "exact");
  p.set_text("rate", "2.5");
  p.set_text("count", "7");
  p.set_text("auto", "false");
  p.set_text("mode", "fast");
  EXPECT_EQ(p.to_json(), (nlohmann::json{{"rate", 2.5}, {"count", 7}, {"auto", false}, {"mode", "fast"}}));
  EXPECT_THROW(p.set("rate", 11), Error);
  EXPECT_THROW(p.set("count", 2.5), Error);  // an integer
  EXPECT_THROW(p.set_text("auto", "maybe"), Error);
  EXPECT_THROW(p.set_text("rate", "2.5x"), Error);
  EXPECT_THROW(p.set_text("rate", "nan"), Error);
  try {
    p.set_text("mode", "slow");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "--mode: unknown value 'slow' (one of fast, exact)");
  }
  EXPECT_THROW(p.set("nothing", 1), Error);
  EXPECT_EQ(p.get("rate"), 2.5);  // a refused value leaves the last good one
}

// A typed options struct filled from its table: numbers into double members, a Bool into a bool member,
// inherited members too.
struct BaseOptions {
  double rate = 2.0;
};
struct SomeOptions : BaseOptions {
  double window = 0.5;
  bool measure = true;
};
constexpr SomeOptions kSomeDefaults{};
constexpr OptionSpec<SomeOptions> kSomeOptions[] = {
    {{"rate", "", "", kSomeDefaults.rate, 0.0, 10.0}, &SomeOptions::rate},
    {{"window", "", "s", kSomeDefaults.window, 0.0, 5.0}, &SomeOptions::window},
    {{"measure", "", "", 1.0, 0.0, 1.0, ParamType::Bool}, &SomeOptions::measure},
};

TEST(ParamsTest, OptionTablesFillTheirStruct) {
  const auto specs = param_specs(kSomeOptions);
  ParamSet p(specs);
  SomeOptions o = options_from(p, kSomeOptions);
  EXPECT_EQ(o.rate, 2.0);
  EXPECT_EQ(o.window, 0.5);
  EXPECT_TRUE(o.measure);
  p.set_text("rate", "3.5");
  p.set_text("measure", "false");
  p.set("window", 1.25);
  o = options_from(p, kSomeOptions);
  EXPECT_EQ(o.rate, 3.5);
  EXPECT_EQ(o.window, 1.25);
  EXPECT_FALSE(o.measure);
}

TEST(ParamsTest, ANameIsDeclaredOnce) {
  ParamSet p(kSpecs, "test");
  constexpr ParamSpec again[] = {{"rate", "another rate", "", 1, 0, 2}};
  try {
    p.add(again, "other");
    FAIL();
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("already declared by test"), std::string::npos) << e.what();
  }
  // The analyzers' tables together: every name once, every default inside its range, every unit or help set.
  const ParamSet all = analysis::default_params();
  for (const auto& [name, e] : all.specs()) {
    EXPECT_GE(e.spec.default_value, e.spec.min_value) << name;
    EXPECT_LE(e.spec.default_value, e.spec.max_value) << name;
    EXPECT_FALSE(e.spec.help.empty()) << name;
    EXPECT_FALSE(e.owner.empty()) << name;
  }
}

TEST(ParamsTest, TheReferenceInDocsIsTheProgramsOwn) {
  std::ifstream in(std::string(CRANES_SOURCE_DIR) + "/docs/params.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const auto r = test::run(test::cranes_bin() + " params --markdown");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ss.str(), r.out) << "docs/params.md is stale: regenerate it with `cranes params --markdown`";
}

TEST(RationalTest, ReducesAndConverts) {
  EXPECT_EQ((Rational{48000, 2002}.reduced()), (Rational{24000, 1001}));
  EXPECT_DOUBLE_EQ((Rational{30000, 1001}.to_double()), 30000.0 / 1001.0);
  EXPECT_EQ((Rational{1, 0}.to_double()), 0.0);
  EXPECT_FALSE((Rational{0, 1}.valid()));
  EXPECT_FALSE((Rational{25, 0}.valid()));
  EXPECT_TRUE((Rational{25, 1}.valid()));
  EXPECT_DOUBLE_EQ((Timestamp{3003, {1, 30000}}.seconds()), 0.1001);
}

TEST(GeometryTest, FocalLengthAndFieldOfViewAreInverse) {
  for (double fov : {10.0, 60.0, 97.0, 150.0}) EXPECT_NEAR(fov_of_focal(focal_of_fov(fov)), fov, 1e-9);
  EXPECT_NEAR(focal_of_fov(90.0), 0.5, 1e-12);
  EXPECT_NEAR(180.0 * kRadPerDeg, 3.141592653589793, 1e-15);
  EXPECT_NEAR(kDegPerRad * kRadPerDeg, 1.0, 1e-15);
}

TEST(AtomicFileTest, WholeOrNothing) {
  test::ScratchDir dir;
  const auto path = dir / "out.json";
  write_file_atomic(path, "first");
  write_file_atomic(path, "second");
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "second");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.json"});
  // A producer that fails leaves the old file and no temporary one.
  EXPECT_THROW(produce_file_atomic(path,
                                   [](const std::filesystem::path& tmp) {
                                     std::ofstream(tmp) << "half";
                                     throw Error(tmp.string(), "disk full");
                                   }),
               Error);
  EXPECT_EQ(dir.list(), std::vector<std::string>{"out.json"});
  EXPECT_EQ(temporary_name_for(path).extension(), ".json");
  EXPECT_EQ(temporary_name_for(path).parent_path(), path.parent_path());
  EXPECT_THROW(write_file_atomic(dir / "missing" / "x.json", "x"), Error);
}

}  // namespace
}  // namespace cranes
