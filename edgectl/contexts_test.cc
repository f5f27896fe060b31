// Contexts: contexts.json, edgectl.env import, the precedence of flags, environment variables
// and contexts, and the file's permissions.
#include "edgectl/contexts.h"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "edgectl/cli.h"
#include "edgectl/cli_test_run.h"
#include "edgectl/commands.h"
#include "edgectl/contexts_file.h"

namespace edge::ctl {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        auto found = values.find(name);
        if (found == values.end() || found->second.empty()) return std::nullopt;
        return found->second;
    };
}

ContextBook two_hubs() {
    ContextBook book;
    book.contexts["home"] = {"mqtt://home:1883", "edgectl", "home-secret", "", "", ""};
    book.contexts["lab"] = {"mqtts://lab:8883", "lab-admin",          "lab-secret",
                            "/etc/lab/ca.pem",  "/etc/lab/admin.pem", "/etc/lab/admin.key"};
    book.current = "home";
    return book;
}

std::string temporary_dir(const std::string& tag) {
    auto dir = std::filesystem::temp_directory_path() /
               ("edgectl-contexts-" + tag + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    return dir.string();
}

TEST(ContextPrecedence, CurrentContextFillsWhatNothingElseGives) {
    auto resolved = resolve_connection({}, fake_env({}), two_hubs(), "mqtt://127.0.0.1:1883");
    ASSERT_TRUE(resolved.ok()) << resolved.error().message;
    EXPECT_EQ(resolved->context, "home");
    EXPECT_EQ(resolved->settings.broker, "mqtt://home:1883");
    EXPECT_EQ(resolved->settings.username, "edgectl");
    EXPECT_EQ(resolved->settings.password, "home-secret");
}

TEST(ContextPrecedence, EnvironmentBeatsTheCurrentContextAndFlagsBeatBoth) {
    auto env = fake_env({{"EDGE_BROKER", "mqtt://from-env:1883"}, {"EDGE_USERNAME", "env-user"}});
    auto resolved = resolve_connection({}, env, two_hubs(), "mqtt://127.0.0.1:1883");
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(resolved->settings.broker, "mqtt://from-env:1883");
    EXPECT_EQ(resolved->settings.username, "env-user");
    EXPECT_EQ(resolved->settings.password, "home-secret");  // field by field

    ConnectionFlags flags;
    flags.broker = "mqtt://from-flag:1883";
    resolved = resolve_connection(flags, env, two_hubs(), "mqtt://127.0.0.1:1883");
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(resolved->settings.broker, "mqtt://from-flag:1883");
    EXPECT_EQ(resolved->settings.username, "env-user");
}

TEST(ContextPrecedence, AContextNamedOnTheCommandLineBeatsTheEnvironment) {
    auto env = fake_env({{"EDGE_BROKER", "mqtt://from-env:1883"},
                         {"EDGE_PASSWORD", "env-password"},
                         {"EDGE_TLS_CA", "/env/ca.pem"}});
    ConnectionFlags flags;
    flags.context = "lab";
    flags.username = "flag-user";
    auto resolved = resolve_connection(flags, env, two_hubs(), "mqtt://127.0.0.1:1883");
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(resolved->context, "lab");
    EXPECT_EQ(resolved->settings.broker, "mqtts://lab:8883");
    EXPECT_EQ(resolved->settings.username, "flag-user");
    EXPECT_EQ(resolved->settings.password, "lab-secret");
    EXPECT_EQ(resolved->settings.tls_ca, "/etc/lab/ca.pem");
    EXPECT_EQ(resolved->settings.tls_key, "/etc/lab/admin.key");

    // $EDGE_CONTEXT is the same explicit choice, made once for a shell.
    auto env_choice = fake_env({{"EDGE_CONTEXT", "lab"}, {"EDGE_BROKER", "mqtt://from-env:1883"}});
    resolved = resolve_connection({}, env_choice, two_hubs(), "mqtt://127.0.0.1:1883");
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(resolved->settings.broker, "mqtts://lab:8883");
}

TEST(ContextPrecedence, NoContextAtAllFallsBackToTheDefaultBroker) {
    auto resolved = resolve_connection({}, fake_env({}), {}, "mqtt://127.0.0.1:1883");
    ASSERT_TRUE(resolved.ok());
    EXPECT_EQ(resolved->context, "");
    EXPECT_EQ(resolved->settings.broker, "mqtt://127.0.0.1:1883");
    EXPECT_EQ(resolved->settings.username, "");
}

TEST(ContextPrecedence, AnUnknownContextIsAnError) {
    ConnectionFlags flags;
    flags.context = "prod";
    auto resolved = resolve_connection(flags, fake_env({}), two_hubs(), "mqtt://127.0.0.1:1883");
    ASSERT_FALSE(resolved.ok());
    EXPECT_EQ(resolved.error().message, "no context named \"prod\"; see edgectl context ls");
}

TEST(ContextBookFormat, RoundTripsAndRefusesBadInput) {
    ContextBook book = two_hubs();
    auto parsed = parse_context_book(serialize_context_book(book), "contexts.json");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(*parsed, book);

    auto bad = parse_context_book(R"({"contexts":{"a":{"broker":"mqtt://x","pasword":"p"}}})",
                                  "contexts.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "contexts.json: contexts.a.pasword: unknown key");
    bad = parse_context_book(R"({"current":"b","contexts":{"a":{"broker":"mqtt://x"}}})", "c");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "c: current: no context named \"b\"");
    bad = parse_context_book(R"({"contexts":{"Bad/Name":{"broker":"mqtt://x"}}})", "c");
    EXPECT_FALSE(bad.ok());
    EXPECT_FALSE(parse_context_book("[1,2", "c").ok());
}

TEST(ContextValidation, NamesAndTlsFilesMustFit) {
    EXPECT_TRUE(validate_context_name("home-lab.2").ok());
    EXPECT_FALSE(validate_context_name("").ok());
    EXPECT_FALSE(validate_context_name("a/b").ok());
    EXPECT_TRUE(validate_context({"mqtt://h:1883", "", "", "", "", ""}).ok());
    EXPECT_FALSE(validate_context({"http://h", "", "", "", "", ""}).ok());
    EXPECT_FALSE(validate_context({"mqtts://h:8883", "", "", "", "", ""}).ok());  // no CA
    EXPECT_FALSE(validate_context({"mqtts://h:8883", "", "", "/ca", "/cert", ""}).ok());
    EXPECT_FALSE(validate_context({"mqtt://h:1883", "", "", "/ca", "", ""}).ok());
    EXPECT_TRUE(validate_context({"mqtts://h:8883", "", "", "/ca", "/c", "/k"}).ok());
}

TEST(ContextImport, ReadsTheEnvFileEdgeHubInitWrites) {
    auto values = parse_env_file(
        "# written by edge-hub init\nEDGE_USERNAME=edgectl\nexport EDGE_PASSWORD='s3cr=t'\n",
        "edgectl.env");
    ASSERT_TRUE(values.ok()) << values.error().message;
    auto context = context_from_env_file(*values, "mqtt://127.0.0.1:1883", "edgectl.env");
    ASSERT_TRUE(context.ok()) << context.error().message;
    EXPECT_EQ(context->broker, "mqtt://127.0.0.1:1883");
    EXPECT_EQ(context->username, "edgectl");
    EXPECT_EQ(context->password, "s3cr=t");

    values = parse_env_file(
        "EDGE_BROKER=mqtts://hub:8883\nEDGE_USERNAME=edgectl\nEDGE_PASSWORD=p\n"
        "EDGE_TLS_CA=/b/tls/ca.pem\nEDGE_TLS_CERT=/b/tls/edgectl.pem\nEDGE_TLS_KEY=/b/tls/k\n",
        "edgectl.env");
    ASSERT_TRUE(values.ok());
    context = context_from_env_file(*values, "mqtt://127.0.0.1:1883", "edgectl.env");
    ASSERT_TRUE(context.ok()) << context.error().message;
    EXPECT_EQ(context->broker, "mqtts://hub:8883");
    EXPECT_EQ(context->tls_cert, "/b/tls/edgectl.pem");

    auto broken = parse_env_file("EDGE_USERNAME=a\nnot a pair\n", "edgectl.env");
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.error().message, "edgectl.env:2: expected KEY=VALUE");
    auto no_password = context_from_env_file({{"EDGE_USERNAME", "a"}}, "mqtt://h", "f");
    EXPECT_FALSE(no_password.ok());
}

TEST(ContextFile, LivesUnderXdgConfigHomeElseHome) {
    EXPECT_EQ(*context_book_path(fake_env({{"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}})),
              "/x/edgeorch/contexts.json");
    EXPECT_EQ(*context_book_path(fake_env({{"HOME", "/h"}})), "/h/.config/edgeorch/contexts.json");
    EXPECT_FALSE(context_book_path(fake_env({})).ok());
}

TEST(ContextFile, IsWrittenOwnerOnlyAndRefusedWhenOthersCanReadIt) {
    std::string dir = temporary_dir("perm");
    std::string path = dir + "/edgeorch/contexts.json";
    auto empty = load_context_book(path);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->contexts.empty());

    ASSERT_TRUE(save_context_book(path, two_hubs()).ok());
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    ASSERT_EQ(stat((dir + "/edgeorch").c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0700u);
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    auto loaded = load_context_book(path);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_EQ(*loaded, two_hubs());

    ASSERT_EQ(chmod(path.c_str(), 0644), 0);
    auto refused = load_context_book(path);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("chmod 600"), std::string::npos);
    // Saving again restores the mode.
    ASSERT_TRUE(save_context_book(path, two_hubs()).ok());
    ASSERT_EQ(stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    std::filesystem::remove_all(dir);
}

TEST(ContextRender, MarksTheCurrentContextAndNeverShowsPasswords) {
    std::string table = render_contexts(two_hubs());
    EXPECT_EQ(table,
              "CURRENT   NAME   BROKER             USERNAME    TLS\n"
              "*         home   mqtt://home:1883   edgectl     -\n"
              "          lab    mqtts://lab:8883   lab-admin   client-cert\n");
    std::string shown = render_context("lab", two_hubs().contexts.at("lab"));
    EXPECT_EQ(shown.find("lab-secret"), std::string::npos);
    EXPECT_NE(shown.find("password:  (stored)"), std::string::npos);
    EXPECT_EQ(contexts_json(two_hubs()).dump().find("secret"), std::string::npos);
}

using testing::run_edgectl;

TEST(ContextCommands, CreateUseAndRemoveEditTheFile) {
    std::string dir = temporary_dir("cli");
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    for (const char* name : {"EDGE_BROKER", "EDGE_USERNAME", "EDGE_PASSWORD", "EDGE_CONTEXT"}) {
        ::unsetenv(name);
    }
    std::string path = dir + "/edgeorch/contexts.json";
    EXPECT_EQ(run_edgectl({"context", "create", "home", "--broker", "mqtt://home:1883",
                           "--username", "edgectl"}),
              kExitOk);
    EXPECT_EQ(run_edgectl({"context", "create", "lab", "--broker", "mqtt://lab:1883"}), kExitOk);
    EXPECT_EQ(run_edgectl({"context", "create", "lab", "--broker", "mqtt://lab:1883"}),
              kExitFailure);
    EXPECT_EQ(run_edgectl({"context", "create", "bad", "--broker", "mqtts://lab:8883"}),
              kExitUsage);
    auto book = load_context_book(path);
    ASSERT_TRUE(book.ok()) << book.error().message;
    EXPECT_EQ(book->current, "home");  // the first context becomes the current one
    EXPECT_EQ(book->contexts.at("home").username, "edgectl");

    EXPECT_EQ(run_edgectl({"context", "use", "lab"}), kExitOk);
    EXPECT_EQ(run_edgectl({"context", "use", "nope"}), kExitFailure);
    EXPECT_EQ(load_context_book(path)->current, "lab");

    // The current context now decides where commands connect.
    CommandContext command;
    auto options = command.connection_options();
    ASSERT_TRUE(options.ok()) << options.error().message;
    EXPECT_EQ(options->broker_url, "mqtt://lab:1883");
    command.globals.context = "home";
    EXPECT_EQ(command.connection_options()->broker_url, "mqtt://home:1883");
    EXPECT_EQ(command.connection_options()->username, "edgectl");

    EXPECT_EQ(run_edgectl({"context", "rm", "lab"}), kExitOk);
    book = load_context_book(path);
    EXPECT_EQ(book->current, "");
    EXPECT_EQ(book->contexts.size(), 1u);
    ::unsetenv("XDG_CONFIG_HOME");
    std::filesystem::remove_all(dir);
}

TEST(ContextCommands, ImportStoresTheEnvFileAsAContext) {
    std::string dir = temporary_dir("import");
    std::filesystem::create_directories(dir + "/broker");
    std::ofstream(dir + "/broker/edgectl.env") << "EDGE_USERNAME=edgectl\nEDGE_PASSWORD=pw\n";
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    EXPECT_EQ(run_edgectl({"context", "import", dir + "/broker/edgectl.env", "--name", "hub1",
                           "--broker", "mqtt://127.0.0.1:18830"}),
              kExitOk);
    auto book = load_context_book(dir + "/edgeorch/contexts.json");
    ASSERT_TRUE(book.ok()) << book.error().message;
    EXPECT_EQ(book->current, "hub1");
    EXPECT_EQ(book->contexts.at("hub1"),
              (HubContext{"mqtt://127.0.0.1:18830", "edgectl", "pw", "", "", ""}));
    ::unsetenv("XDG_CONFIG_HOME");
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace edge::ctl
