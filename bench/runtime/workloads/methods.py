# methods.ts in Python (cProfile's "class-heavy" workload): small methods, constructors and a property.
# Usage: python3 methods.py [particles] [steps] [--cprofile]
import math
import sys
from timed import run_timed


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def scale(self, k):
        return Vec(self.x * k, self.y * k)

    @property
    def length(self):
        return math.sqrt(self.x * self.x + self.y * self.y)


class Particle:
    def __init__(self, i):
        self.pos = Vec(i, -i)
        self.vel = Vec(1 / (i + 1), 0.5)

    def step(self, dt):
        self.pos = self.pos.add(self.vel.scale(dt))
        return self.pos.length


args = [a for a in sys.argv[1:] if a.isdigit()]
particles = int(args[0]) if len(args) > 0 else 1000
steps = int(args[1]) if len(args) > 1 else 30


def simulate():
    everyone = [Particle(i) for i in range(particles)]
    total = 0
    for _ in range(steps):
        for p in everyone:
            total += p.step(0.01)
    return total


# Calls per run, as in methods.ts: simulate 1; per particle: Particle 1 + 2 Vec; per step: step, scale, Vec, add, Vec, length.
run_timed(simulate, 1 + particles * 3 + particles * steps * 6, "--cprofile" in sys.argv)
