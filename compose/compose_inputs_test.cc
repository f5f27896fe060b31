// What a compose file is read with: interpolation in the document, env_file, bare
// environment entries, profiles, empty sections, the variables gathered from .env and
// --env-file, and every error of a file reported at once.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "compose/compose_parser.h"
#include "compose/compose_test_util.h"
#include "compose/profiles.h"

namespace edge {
namespace {

using compose::ComposeInputs;
using compose::Variables;
using Words = std::vector<std::string>;

Result<ParsedStack> parse(const std::string& text, ComposeInputs inputs) {
    return parse_compose_text(text, "compose.yaml", "demo", inputs);
}

ComposeInputs with_variables(Variables variables) {
    ComposeInputs inputs;
    inputs.variables = std::move(variables);
    return inputs;
}

// A reader over an in-memory directory, as the tests' stand-in for the compose file's folder.
ComposeInputs with_files(std::map<std::string, std::string> files, Variables variables = {}) {
    ComposeInputs inputs = with_variables(std::move(variables));
    inputs.read_file = [files](const std::string& path) -> Result<std::string> {
        auto found = files.find(path);
        if (found == files.end()) return make_error(path + ": cannot read: No such file");
        return found->second;
    };
    return inputs;
}

TEST(ComposeInterpolation, ValuesAreInterpolatedBeforeTheyAreValidated) {
    const std::string text =
        "services:\n"
        "  photos:\n"
        "    image: ghcr.io/immich-app/immich-server:${IMMICH_VERSION:-release}\n"
        "    volumes:\n"
        "      - ${UPLOAD_LOCATION}:/usr/src/app/upload\n"
        "    ports: [\"${PORT:-2283}:2283\"]\n"
        "    environment:\n"
        "      DB_PASSWORD: $DB_PASSWORD\n"
        "      LITERAL: $${NOT_A_VARIABLE}\n";
    auto parsed = parse(
        text, with_variables({{"UPLOAD_LOCATION", "/srv/photos"}, {"DB_PASSWORD", "s3cret"}}));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const ServiceSpec& photos = parsed->stack.services.at(0);
    EXPECT_EQ(photos.image, "ghcr.io/immich-app/immich-server:release");
    ASSERT_EQ(photos.volumes.size(), 1u);
    EXPECT_EQ(photos.volumes[0].source, "/srv/photos");
    EXPECT_EQ(photos.volumes[0].target, "/usr/src/app/upload");
    ASSERT_EQ(photos.ports.size(), 1u);
    EXPECT_EQ(photos.ports[0].host_port, 2283);
    EXPECT_EQ(photos.environment.at("DB_PASSWORD"), "s3cret");
    EXPECT_EQ(photos.environment.at("LITERAL"), "${NOT_A_VARIABLE}");
}

TEST(ComposeInterpolation, AnUnsetVariableWarnsWithItsLineAndBecomesEmpty) {
    auto parsed = parse(
        "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n    environment:\n"
        "      - TZ=${TZ}\n",
        {});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->stack.services[0].environment.at("TZ"), "");
    EXPECT_EQ(parsed->warnings,
              (Words{"compose.yaml:6: services.web.environment[0]: variable TZ is not set; "
                     "using an empty string"}));
}

TEST(ComposeInterpolation, RequiredVariablesAndBadSyntaxAreErrorsWithFileAndLine) {
    auto parsed = parse(
        "services:\n  web:\n    image: nginx:${TAG:?set TAG in .env}\n    mem_limit: 64m\n"
        "    command: echo ${oops\n",
        {});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              "compose.yaml:3: services.web.image: required variable TAG is not set: set TAG in "
              ".env\n"
              "compose.yaml:5: services.web.command: \"${\" is not closed in \"echo ${oops\"; "
              "write $$ for a literal $");
}

TEST(ComposeInterpolation, AnAliasIsInterpolatedOnce) {
    auto parsed = parse(
        "x-env: &env\n  PRICE: $$5\nservices:\n  a:\n    image: nginx\n    mem_limit: 64m\n"
        "    environment: *env\n  b:\n    image: nginx\n    mem_limit: 64m\n"
        "    environment: *env\n",
        {});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->stack.services[0].environment.at("PRICE"), "$5");
    EXPECT_EQ(parsed->stack.services[1].environment.at("PRICE"), "$5");
}

TEST(ComposeEnvironment, BareNamesComeFromTheVariablesOrAreLeftOut) {
    const std::string text =
        "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n"
        "    environment: [TOKEN, MISSING, SET=1]\n"
        "  db:\n    image: postgres\n    mem_limit: 64m\n"
        "    environment:\n      TOKEN:\n      MISSING:\n";
    auto parsed = parse(text, with_variables({{"TOKEN", "t0k"}}));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    using Environment = std::map<std::string, std::string>;
    EXPECT_EQ(parsed->stack.services[0].environment, (Environment{{"TOKEN", "t0k"}, {"SET", "1"}}));
    EXPECT_EQ(parsed->stack.services[1].environment, (Environment{{"TOKEN", "t0k"}}));
}

TEST(ComposeEnvironment, EnvFilesAreReadInOrderAndEnvironmentWins) {
    const std::string text =
        "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n"
        "    env_file:\n"
        "      - common.env\n"
        "      - path: ./web.env\n"
        "      - {path: optional.env, required: false}\n"
        "    environment:\n      LEVEL: debug\n      FROM_FILE:\n";
    auto parsed = parse(text, with_files({{"common.env", "LEVEL=info\nSHARED=common\nA=1\n"},
                                          {"./web.env", "# web\nSHARED=web\nB=${A:-x}\n"}}));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    using Environment = std::map<std::string, std::string>;
    // A bare FROM_FILE that the variables lack leaves env_file's value alone (there is none).
    EXPECT_EQ(parsed->stack.services[0].environment,
              (Environment{{"LEVEL", "debug"}, {"SHARED", "web"}, {"A", "1"}, {"B", "x"}}));

    auto single =
        parse("services:\n  web:\n    image: nginx\n    mem_limit: 64m\n    env_file: common.env\n",
              with_files({{"common.env", "A=1\n"}}));
    ASSERT_TRUE(single.ok()) << single.error().message;
    EXPECT_EQ(single->stack.services[0].environment.at("A"), "1");
}

TEST(ComposeEnvironment, EnvFileErrors) {
    const std::string head = "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n";
    auto missing = parse(head + "    env_file: [gone.env]\n", with_files({}));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "compose.yaml:5: services.web.env_file[0]: gone.env: cannot read: No such file");
    auto bad = parse(head + "    env_file: bad.env\n", with_files({{"bad.env", "A=1\nB='x\n"}}));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message,
              "compose.yaml:5: services.web.env_file: bad.env:2: the value's ' is not closed");
    auto from_text = parse(head + "    env_file: a.env\n", {});
    ASSERT_FALSE(from_text.ok());
    EXPECT_EQ(from_text.error().message,
              "compose.yaml:5: services.web.env_file: env_file cannot be read here: the compose "
              "file was given as text, with no directory to read \"a.env\" from");
    auto no_path = parse(head + "    env_file: [{required: true}]\n", with_files({}));
    ASSERT_FALSE(no_path.ok());
    EXPECT_EQ(no_path.error().message,
              "compose.yaml:5: services.web.env_file[0].path: missing; an env_file item names a "
              "file");
}

TEST(ComposeSections, EmptySectionsMeanEmpty) {
    auto parsed = parse(
        "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n"
        "    environment:\n      # TZ: Europe/Paris\n"
        "    ports:\n    volumes:\n    labels:\n    env_file:\n    depends_on:\n"
        "volumes:\nnetworks:\n",
        {});
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const ServiceSpec& web = parsed->stack.services.at(0);
    EXPECT_TRUE(web.environment.empty());
    EXPECT_TRUE(web.ports.empty());
    EXPECT_TRUE(web.volumes.empty());
    EXPECT_TRUE(web.depends_on.empty());
    EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings.front();
}

TEST(ComposeErrors, EveryErrorOfTheFileIsReportedSortedByLine) {
    auto parsed = parse(
        "services:\n"
        "  api:\n"
        "    image: ghcr.io/example/api\n"
        "    mem_limit: lots\n"
        "    depends_on: [cache]\n"
        "  worker:\n"
        "    build: .\n"
        "    restart: sometimes\n"
        "  web:\n"
        "    image: nginx:${TAG?}\n"
        "    deploy:\n"
        "      replicas: many\n"
        "volumes:\n"
        "  \"bad name\":\n",
        {});
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().message,
              "compose.yaml:4: services.api.mem_limit: expected a memory size such as 512m, 1g "
              "or 1.5GiB, got \"lots\"\n"
              "compose.yaml:5: services.api.depends_on: \"cache\" is not a service of this "
              "file\n"
              "compose.yaml:7: services.worker.build: edgeorch does not build images; build the "
              "image and push it to a registry your nodes can reach\n"
              "compose.yaml:8: services.worker.restart: expected no, always, on-failure or "
              "unless-stopped, got \"sometimes\"\n"
              "compose.yaml:10: services.web.image: required variable TAG is not set\n"
              "compose.yaml:12: services.web.deploy.replicas: expected an integer from 0 to "
              "1000, got \"many\"\n"
              "compose.yaml:14: volumes.bad name: \"bad name\" is not a valid volume name; "
              "expected letters, digits, '_', '.' or '-', starting with a letter or digit");
}

TEST(ComposeProfiles, ServicesOutsideTheActiveProfilesAreSkipped) {
    const std::string text =
        "services:\n  app:\n    image: nginx\n    mem_limit: 64m\n"
        "  debug:\n    image: busybox\n    mem_limit: 64m\n    profiles: [debug, dev]\n"
        "  backup:\n    image: restic\n    mem_limit: 64m\n    profiles: [ops]\n";
    auto names = [&](std::vector<std::string> profiles) {
        ComposeInputs inputs;
        inputs.profiles = std::move(profiles);
        auto parsed = parse(text, inputs);
        EXPECT_TRUE(parsed.ok()) << parsed.error().message;
        Words result;
        if (parsed) {
            for (const auto& service : parsed->stack.services) result.push_back(service.name);
        }
        return result;
    };
    EXPECT_EQ(names({}), (Words{"app"}));
    EXPECT_EQ(names({"dev"}), (Words{"app", "debug"}));
    EXPECT_EQ(names({"dev", "ops"}), (Words{"app", "debug", "backup"}));
    EXPECT_EQ(names({"*"}), (Words{"app", "debug", "backup"}));
}

TEST(ComposeProfiles, ActiveProfilesComeFromFlagsElseComposeProfiles) {
    EXPECT_EQ(compose::active_profiles({"a"}, {{"COMPOSE_PROFILES", "b,c"}}), (Words{"a"}));
    EXPECT_EQ(compose::active_profiles({}, {{"COMPOSE_PROFILES", " b, c ,,"}}), (Words{"b", "c"}));
    EXPECT_TRUE(compose::active_profiles({}, {}).empty());
}

TEST(ComposeProfiles, Errors) {
    ComposeInputs none;
    auto bad = parse("services:\n  a:\n    image: nginx\n    profiles: debug\n", none);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message,
              "compose.yaml:4: services.a.profiles: expected a list, got \"debug\"");
    auto all_off = parse("services:\n  a:\n    image: nginx\n    profiles: [debug]\n", none);
    ASSERT_FALSE(all_off.ok());
    EXPECT_EQ(all_off.error().message,
              "compose.yaml:1: services: every service is in a profile that is not active; "
              "name one with --profile or COMPOSE_PROFILES");
}

// The file-reading edge: .env beside the compose file, --env-file, and env_file relative to
// the compose file's directory.
class ComposeFiles : public ::testing::Test {
  protected:
    void SetUp() override {
        char pattern[] = "/tmp/compose-inputs-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        std::filesystem::path path = dir_ / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
        return path.string();
    }
    std::filesystem::path dir_;
};

TEST_F(ComposeFiles, VariablesComeFromTheEnvironmentThenDotEnvThenEnvFiles) {
    std::string compose = write("stack/compose.yaml", "services: {}\n");
    write("stack/.env", "FROM_DOTENV=dotenv\nSHADOWED=dotenv\nTZ=UTC\n");
    std::string first = write("first.env", "FROM_FLAG=first\nONLY_FIRST=1\nTZ=first\n");
    std::string second = write("second.env", "FROM_FLAG=second\n");
    std::vector<std::string> warnings;
    auto variables =
        gather_variables(compose, {first, second}, {{"SHADOWED", "environment"}}, warnings);
    ASSERT_TRUE(variables.ok()) << variables.error().message;
    EXPECT_EQ(*variables, (Variables{{"FROM_DOTENV", "dotenv"},
                                     {"SHADOWED", "environment"},
                                     {"TZ", "UTC"},
                                     {"FROM_FLAG", "second"},
                                     {"ONLY_FIRST", "1"}}));
    EXPECT_TRUE(warnings.empty());

    auto missing = gather_variables(compose, {dir_ / "nope.env"}, {}, warnings);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              (dir_ / "nope.env").string() + ": cannot read: No such file or directory");
}

TEST_F(ComposeFiles, EnvFileIsReadRelativeToTheComposeFile) {
    std::string compose = write("stack/compose.yaml",
                                "services:\n  web:\n    image: nginx\n    mem_limit: 64m\n"
                                "    env_file: [./config/web.env]\n");
    write("stack/config/web.env", "GREETING=hello\n");
    auto parsed = parse_compose_file(compose, "demo");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->stack.services[0].environment.at("GREETING"), "hello");
}

}  // namespace
}  // namespace edge
