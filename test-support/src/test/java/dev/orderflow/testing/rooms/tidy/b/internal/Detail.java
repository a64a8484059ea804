package dev.orderflow.testing.rooms.tidy.b.internal;

public class Detail {}
