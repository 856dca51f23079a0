"""A compact set of positive 64-bit integers, for the NIPs seen in a file.

A Python `set` of a million ints costs about 64 MB (a 32-byte int object
and a 16-byte slot, kept under 60 % full); this open-addressing table in an
`array` costs 16 bytes a member, so memory stays nearly flat as the file
grows. Zero marks an empty slot, so zero cannot be a member (no NIP is 0).
"""

from array import array

_GOLDEN = 0x9E3779B97F4A7C15  # Fibonacci hashing spreads structured keys


class IntSet:
    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1
        while size < capacity:
            size <<= 1
        self._table = array("Q", bytes(8 * size))
        self._mask = size - 1
        self._shift = 64 - size.bit_length() + 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, value: int) -> bool:
        table, mask = self._table, self._mask
        i = ((value * _GOLDEN) & 0xFFFFFFFFFFFFFFFF) >> self._shift
        while (current := table[i]) != 0:
            if current == value:
                return True
            i = (i + 1) & mask
        return False

    def add(self, value: int) -> bool:
        """Add `value` (1 ≤ value < 2**64); return False if it was already there."""
        if not 0 < value < 1 << 64:
            raise ValueError(value)
        table, mask = self._table, self._mask
        i = ((value * _GOLDEN) & 0xFFFFFFFFFFFFFFFF) >> self._shift
        while (current := table[i]) != 0:
            if current == value:
                return False
            i = (i + 1) & mask
        table[i] = value
        self._count += 1
        if self._count * 2 > mask:
            self._grow()
        return True

    def _grow(self) -> None:
        old = self._table
        size = (self._mask + 1) * 2
        self._table = array("Q", bytes(8 * size))
        self._mask = size - 1
        self._shift = 64 - size.bit_length() + 1
        self._count = 0
        for value in old:
            if value:
                self.add(value)
