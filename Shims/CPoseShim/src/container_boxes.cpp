// What an MP4/MOV container says about its video track that OpenCV 4.6 does not pass on: the
// full display matrix (CAP_PROP_ORIENTATION_META gives only a rotation angle, so a mirrored
// front-camera clip came out unmirrored) and the colour description (matrix, primaries,
// transfer: BT.709 colours, BT.2020 HLG/PQ video).
//
// The parser reads untrusted bytes: every read is checked against the end of its box, box sizes
// are checked against their parent, nesting is bounded, and nothing is allocated from a size
// field except the moov box itself (capped at 256 MiB). It is fuzzed by Benchmarks/fuzz.
#include "shim_internal.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <vector>

namespace {

uint64_t read_be(const unsigned char *p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
    return v;
}

int32_t read_s32(const unsigned char *p) { return static_cast<int32_t>(static_cast<uint32_t>(read_be(p, 4))); }

// One box inside [data, data + size): its type, and its body as a sub-span.
struct box {
    char type[4];
    const unsigned char *body;
    size_t body_size;
};

// Iterates the boxes of a span, stopping at the first malformed one (a size running past the
// parent, or smaller than its header): what follows it cannot be located.
class box_reader {
public:
    box_reader(const unsigned char *data, size_t size) : data_(data), size_(size) {}

    bool next(box &out) {
        if (pos_ > size_ || size_ - pos_ < 8 || ++count_ > kMaxBoxes) return false;
        const unsigned char *p = data_ + pos_;
        uint64_t length = read_be(p, 4), header = 8;
        if (length == 1) {  // a 64-bit size follows the type
            if (size_ - pos_ < 16) return false;
            length = read_be(p + 8, 8);
            header = 16;
        } else if (length == 0) {
            length = size_ - pos_;  // runs to the end of the parent
        }
        if (length < header || length > size_ - pos_) return false;
        std::memcpy(out.type, p + 4, 4);
        out.body = p + header;
        out.body_size = static_cast<size_t>(length - header);
        pos_ += static_cast<size_t>(length);
        return true;
    }

private:
    static constexpr int kMaxBoxes = 100000;  // a hostile file of empty boxes ends, too
    const unsigned char *data_;
    size_t size_;
    size_t pos_ = 0;
    int count_ = 0;
};

bool is(const box &b, const char *type) { return std::memcmp(b.type, type, 4) == 0; }

// The 3 x 3 matrix of 'mvhd' and 'tkhd' as doubles: a, b, c, d, x, y are 16.16 fixed point,
// u, v, w 2.30 (ISO/IEC 14496-12 8.2.2 and 8.3.2). Row-major: [a b u; c d v; x y w].
void read_matrix(const unsigned char *p, double m[9]) {
    for (int i = 0; i < 9; ++i) m[i] = read_s32(p + 4 * i) / (i % 3 == 2 ? 1073741824.0 : 65536.0);
}

struct track_facts {
    bool video = false;
    bool has_matrix = false;
    double matrix[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    int primaries = -1, transfer = -1, matrix_coefficients = -1;
};

// 'colr' with 'nclx' (MP4) or 'nclc' (QuickTime): primaries, transfer, matrix (16 bits each).
void read_colr(const box &b, track_facts &t) {
    if (b.body_size < 10) return;
    if (std::memcmp(b.body, "nclx", 4) != 0 && std::memcmp(b.body, "nclc", 4) != 0) return;
    t.primaries = static_cast<int>(read_be(b.body + 4, 2));
    t.transfer = static_cast<int>(read_be(b.body + 6, 2));
    t.matrix_coefficients = static_cast<int>(read_be(b.body + 8, 2));
}

// stsd: version/flags, entry count, then sample entries. A visual sample entry has 78 bytes of
// fields (ISO/IEC 14496-12 12.1.3) before its child boxes, where 'colr' lives.
void read_stsd(const box &stsd, track_facts &t) {
    if (stsd.body_size < 8) return;
    box_reader entries(stsd.body + 8, stsd.body_size - 8);
    box entry;
    if (!entries.next(entry) || entry.body_size < 78) return;
    box_reader children(entry.body + 78, entry.body_size - 78);
    for (box child; children.next(child);)
        if (is(child, "colr")) {
            read_colr(child, t);
            return;
        }
}

// Walks down the named containers (each level bounded by box_reader) to the boxes we read.
void read_track(const box &trak, track_facts &t) {
    box_reader r(trak.body, trak.body_size);
    for (box b; r.next(b);) {
        if (is(b, "tkhd")) {
            // version/flags, then times and ids (v0: 20 bytes, v1: 32), reserved 8, layer,
            // alternate group, volume, reserved (8): the matrix starts at 40 (v0) or 52 (v1).
            if (b.body_size < 4) continue;
            size_t at = b.body[0] == 1 ? 52 : 40;
            if (b.body_size >= at + 36) {
                read_matrix(b.body + at, t.matrix);
                t.has_matrix = true;
            }
        } else if (is(b, "mdia")) {
            box_reader m(b.body, b.body_size);
            for (box c; m.next(c);) {
                if (is(c, "hdlr") && c.body_size >= 12) {
                    t.video = std::memcmp(c.body + 8, "vide", 4) == 0;
                } else if (is(c, "minf")) {
                    box_reader mi(c.body, c.body_size);
                    for (box d; mi.next(d);) {
                        if (!is(d, "stbl")) continue;
                        box_reader st(d.body, d.body_size);
                        for (box e; st.next(e);)
                            if (is(e, "stsd")) read_stsd(e, t);
                    }
                }
            }
        }
    }
}

// The product of two display matrices (row vectors: p' = p * A * B), as FFmpeg's mov demuxer
// combines the movie's and the track's.
void multiply(const double a[9], const double b[9], double out[9]) {
    double r[9];
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    std::memcpy(out, r, sizeof r);
}

// -1, 0 or 1 for a matrix entry that is (near) one of them; 2 for anything else.
int unit(double v) {
    for (int u : {-1, 0, 1})
        if (std::fabs(v - u) < 1e-3) return u;
    return 2;
}

}  // namespace

namespace hc {

container_facts parse_moov(const unsigned char *data, size_t size) {
    container_facts out;
    double movie[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    box_reader r(data, size);
    for (box b; r.next(b);) {
        if (is(b, "mvhd")) {
            // version/flags, times (v0: 16 bytes, v1: 28), rate 4, volume 2, reserved 10.
            if (b.body_size < 4) continue;
            size_t at = b.body[0] == 1 ? 48 : 36;
            if (b.body_size >= at + 36) read_matrix(b.body + at, movie);
        } else if (is(b, "trak") && !out.video_track) {
            track_facts t;
            read_track(b, t);
            if (!t.video) continue;
            out.video_track = true;
            out.primaries = t.primaries;
            out.transfer = t.transfer;
            out.matrix_coefficients = t.matrix_coefficients;
            if (t.has_matrix) {
                double m[9];
                multiply(t.matrix, movie, m);
                // Only the eight right-angle turns and mirrorings are exact pixel moves; any
                // other matrix (scaled, sheared, an odd angle) is left to OpenCV's rotation angle.
                int a = unit(m[0]), b2 = unit(m[1]), c = unit(m[3]), d = unit(m[4]);
                bool axis = (a != 0 && a != 2 && d != 0 && d != 2 && b2 == 0 && c == 0) ||
                            (b2 != 0 && b2 != 2 && c != 0 && c != 2 && a == 0 && d == 0);
                if (axis) {
                    out.has_orientation = true;
                    // The angle as FFmpeg names it (counter-clockwise degrees); a mirrored matrix
                    // is read as that turn followed by a left-right mirror, the way ffmpeg 6's
                    // `-display_rotation A -display_hflip` writes it.
                    out.mirrored = a * d - b2 * c < 0;
                    const double pi = std::acos(-1.0);
                    const double deg = (out.mirrored ? std::atan2(-c, -a) : std::atan2(c, a)) * 180 / pi;
                    out.rotation_deg = ((static_cast<int>(std::lround(deg)) % 360) + 360) % 360;
                    out.transpose = a == 0;
                    // After the optional transpose, x' = a x + c y and y' = b x + d y reduce to
                    // a sign on each axis (QuickTime: row vector times matrix).
                    out.mirror_x = (out.transpose ? c : a) < 0;
                    out.mirror_y = (out.transpose ? b2 : d) < 0;
                }
            }
        }
    }
    return out;
}

std::vector<unsigned char> read_moov(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(0, std::ios::end);
    const std::streamoff end = in.tellg();
    if (end <= 0) return {};
    const uint64_t size = static_cast<uint64_t>(end);
    uint64_t pos = 0;
    // Top-level boxes are walked with seeks: the media data is never read.
    for (int boxes = 0; pos + 8 <= size && boxes < 1000; ++boxes) {
        unsigned char head[16];
        in.seekg(static_cast<std::streamoff>(pos));
        if (!in.read(reinterpret_cast<char *>(head), 8)) return {};
        uint64_t length = read_be(head, 4), header = 8;
        if (length == 1) {
            if (!in.read(reinterpret_cast<char *>(head + 8), 8)) return {};
            length = read_be(head + 8, 8);
            header = 16;
        } else if (length == 0) {
            length = size - pos;
        }
        if (length < header || length > size - pos) return {};
        if (std::memcmp(head + 4, "moov", 4) == 0) {
            constexpr uint64_t kMaxMoov = 256ull << 20;  // the index of a very long recording
            if (length - header > kMaxMoov) return {};
            std::vector<unsigned char> data(static_cast<size_t>(length - header));
            if (!in.read(reinterpret_cast<char *>(data.data()), static_cast<std::streamsize>(data.size()))) return {};
            return data;
        }
        pos += length;
    }
    return {};
}

container_facts read_container_facts(const std::string &path) {
    const std::vector<unsigned char> moov = read_moov(path);
    if (moov.empty()) return {};
    return parse_moov(moov.data(), moov.size());
}

}  // namespace hc
