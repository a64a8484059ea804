package dev.orderflow.testing.rooms.cyclic.a;

import dev.orderflow.testing.rooms.cyclic.b.B;

public class A {
    B b;
}
