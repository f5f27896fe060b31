// Live streams: every open event stream gets every event; a keyed (log) stream gets only what is
// published to its key; a slow one loses its oldest and is told how many; the number of streams
// is bounded; closing ends them all.
#include "hub/http/live_streams.h"

#include <gtest/gtest.h>

#include <thread>

namespace edge::http {
namespace {

Event event(int64_t id) {
    return {id, id * 10, "deploy", "shop", "deployed " + std::to_string(id)};
}

TEST(EventStreams, EachStreamGetsEveryEventInOrder) {
    EventStreams streams(2, 8);
    auto first = streams.open();
    auto second = streams.open();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(streams.open(), nullptr);  // two at most
    streams.publish(event(1));
    streams.publish(event(2));
    auto batch = streams.next(first, std::chrono::milliseconds(0));
    ASSERT_EQ(batch.items.size(), 2u);
    EXPECT_EQ(batch.items[0].id, 1);
    EXPECT_EQ(batch.items[1].id, 2);
    EXPECT_EQ(batch.lost, 0u);
    EXPECT_EQ(streams.next(second, std::chrono::milliseconds(0)).items.size(), 2u);
    EXPECT_TRUE(streams.next(first, std::chrono::milliseconds(0)).items.empty());
    streams.close(first);
    EXPECT_NE(streams.open(), nullptr);  // its place is free again
}

TEST(EventStreams, ASlowStreamLosesItsOldestEventsAndIsToldHowMany) {
    EventStreams streams(1, 3);
    auto stream = streams.open();
    for (int64_t id = 1; id <= 5; ++id) streams.publish(event(id));
    auto batch = streams.next(stream, std::chrono::milliseconds(0));
    ASSERT_EQ(batch.items.size(), 3u);
    EXPECT_EQ(batch.items.front().id, 3);
    EXPECT_EQ(batch.lost, 2u);
    streams.publish(event(6));
    EXPECT_EQ(streams.next(stream, std::chrono::milliseconds(0)).lost, 0u);
}

TEST(EventStreams, AWaitingStreamWakesForAnEventAndForClosing) {
    EventStreams streams(1, 8);
    auto stream = streams.open();
    std::thread publisher([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        streams.publish(event(7));
    });
    auto batch = streams.next(stream, std::chrono::seconds(10));
    publisher.join();
    ASSERT_EQ(batch.items.size(), 1u);
    EXPECT_EQ(batch.items[0].id, 7);
    streams.close_all();
    EXPECT_TRUE(streams.next(stream, std::chrono::seconds(10)).closed);
    EXPECT_EQ(streams.open(), nullptr);
}

TEST(LogStreams, AKeyedStreamGetsOnlyWhatIsPublishedToItsKey) {
    LogStreams streams(3, 8);
    auto mine = streams.open("http-aaaaaaaa");
    auto other = streams.open("http-bbbbbbbb");
    auto broadcast = streams.open();
    EXPECT_TRUE(streams.publish_to("http-aaaaaaaa", "batch 1"));
    EXPECT_FALSE(streams.publish_to("http-cccccccc", "nobody's"));
    streams.publish("to the unkeyed");
    auto batch = streams.next(mine, std::chrono::milliseconds(0));
    ASSERT_EQ(batch.items.size(), 1u);
    EXPECT_EQ(batch.items[0], "batch 1");
    EXPECT_TRUE(streams.next(other, std::chrono::milliseconds(0)).items.empty());
    EXPECT_EQ(streams.next(broadcast, std::chrono::milliseconds(0)).items,
              std::vector<std::string>{"to the unkeyed"});
    streams.close(mine);
    EXPECT_FALSE(streams.publish_to("http-aaaaaaaa", "after close"));
}

}  // namespace
}  // namespace edge::http
