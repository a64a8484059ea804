package dev.orderflow.testing.rooms.leaky.b.internal;

public class Detail {}
