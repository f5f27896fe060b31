// Stack subnets: every stack's network gets an IPv4 subnet of its own from the hub's pool
// (core/network/subnet_pool.h, docs/networking.md). The same subnet serves the stack on every node,
// since each node has its own bridge. It is stored with the stack (StackRecord::subnet), so a
// hub restart or a re-plan never changes the subnet of a running stack; it is freed with the
// stack. Thread-safety: plain functions over values.
#pragma once

#include <vector>

#include "core/network/ipv4_subnet.h"
#include "core/network/subnet_pool.h"
#include "core/result.h"
#include "hub/store/store.h"

namespace edge {

// Gives a subnet to each stack of `next` that has none, in stack name order, so the same state
// always gets the same subnets. A stack that had one in `before` keeps it (a redeploy builds a
// fresh StackRecord). New subnets overlap no other stack's subnet and no network any node of
// `next` reports in use. A stack new in `next` that finds no free subnet fails the change with
// an error that names the pool; a stack that predates the pool and finds none keeps running on
// the subnet its engine picked.
Status assign_stack_subnets(const ClusterState& before, ClusterState& next, const SubnetPool& pool);

// The networks that new subnets must not overlap: every stack's subnet and every node's
// networks in use. Unparseable entries are skipped (decoders already refuse them).
std::vector<Ipv4Subnet> subnets_taken(const ClusterState& state);

}  // namespace edge
