#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Zeroed memory for large tables that are read at random (the series index): mapped straight from the kernel,
/// aligned to 2 MiB and, on Linux, advised to use transparent huge pages, so that a lookup costs one cache miss
/// instead of a cache miss plus a page-table walk (two levels of them in a virtual machine). Small sizes come
/// from the ordinary allocator, zeroed.
///
/// Pages are only resident once written, so an index that is still mostly empty costs little memory.
enum PageAllocation {
    /// Sizes from this one up are mapped.
    static let mappedThreshold = 2 << 20
    private static let alignment = 2 << 20

    /// `byteCount` zeroed bytes, 16-byte aligned at least; free them with ``deallocate(_:byteCount:)`` and the
    /// same count.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        if byteCount >= mappedThreshold, let mapped = map(byteCount) { return mapped }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 16), alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: 0, count: max(byteCount, 16))
        return memory
    }

    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
        if byteCount >= mappedThreshold {
            #if canImport(Glibc) || canImport(Darwin)
                _ = munmap(memory, roundedUp(byteCount))
                return
            #endif
        }
        memory.deallocate()
    }

    private static func roundedUp(_ byteCount: Int) -> Int { (byteCount + alignment - 1) / alignment * alignment }

    /// An anonymous mapping of `byteCount` rounded up to 2 MiB, at a 2 MiB boundary (the excess of a larger
    /// mapping is returned); `nil` where mapping fails, so that the caller falls back to the allocator.
    private static func map(_ byteCount: Int) -> UnsafeMutableRawPointer? {
        #if canImport(Glibc) || canImport(Darwin)
            let size = roundedUp(byteCount)
            guard let raw = mmap(nil, size + alignment, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                raw != MAP_FAILED
            else { return nil }
            let address = UInt(bitPattern: raw)
            let aligned = (address + UInt(alignment) - 1) & ~UInt(alignment - 1)
            let head = Int(aligned - address)
            if head > 0 { _ = munmap(raw, head) }
            let tail = alignment - head
            let start = raw + head
            if tail > 0 { _ = munmap(start + size, tail) }
            #if os(Linux)
                _ = madvise(start, size, MADV_HUGEPAGE)
            #endif
            return start
        #else
            return nil
        #endif
    }
}
