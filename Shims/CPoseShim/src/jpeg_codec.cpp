// JPEG through libjpeg. libjpeg reports errors by longjmp, so the functions that call it
// (encode_raw/decode_raw) hold no C++ objects with destructors: jumping over a destructor
// would be undefined behaviour. They work on plain malloc'd memory only.
#include "shim_internal.hpp"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>

extern "C" {
#include <jpeglib.h>
}

namespace {

struct jump_error_mgr {
    jpeg_error_mgr pub;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
};

extern "C" void hc_jpeg_error_exit(j_common_ptr cinfo) {
    auto *err = reinterpret_cast<jump_error_mgr *>(cinfo->err);
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

extern "C" void hc_jpeg_silent(j_common_ptr, int) {}

// Returns 0 on success; on failure fills `message`.
int encode_raw(const uint8_t *bgr, int width, int height, int stride, int quality,
               unsigned char **out, unsigned long *out_size, char *message, size_t message_cap) {
    jpeg_compress_struct cinfo;
    jump_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr.pub);
    jerr.pub.error_exit = hc_jpeg_error_exit;
    jerr.pub.emit_message = hc_jpeg_silent;
    jerr.message[0] = 0;
    unsigned char *row = nullptr;
    *out = nullptr;
    *out_size = 0;
    if (setjmp(jerr.jump)) {
        std::snprintf(message, message_cap, "libjpeg: %s", jerr.message);
        jpeg_destroy_compress(&cinfo);
        std::free(row);
        std::free(*out);
        *out = nullptr;
        return 1;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, out, out_size);
    cinfo.image_width = static_cast<JDIMENSION>(width);
    cinfo.image_height = static_cast<JDIMENSION>(height);
    cinfo.input_components = 3;
    cinfo.in_color_space = JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    row = static_cast<unsigned char *>(std::malloc(static_cast<size_t>(width) * 3));
    if (row == nullptr) {
        std::snprintf(message, message_cap, "out of memory");
        jpeg_destroy_compress(&cinfo);
        return 1;
    }
    while (cinfo.next_scanline < cinfo.image_height) {
        const uint8_t *src = bgr + static_cast<size_t>(cinfo.next_scanline) * stride;
        for (int x = 0; x < width; ++x) {  // BGR -> RGB
            row[3 * x] = src[3 * x + 2];
            row[3 * x + 1] = src[3 * x + 1];
            row[3 * x + 2] = src[3 * x];
        }
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    std::free(row);
    return 0;
}

int decode_raw(const uint8_t *data, size_t size, uint8_t **out, int *width, int *height,
               char *message, size_t message_cap) {
    jpeg_decompress_struct cinfo;
    jump_error_mgr jerr;
    cinfo.err = jpeg_std_error(&jerr.pub);
    jerr.pub.error_exit = hc_jpeg_error_exit;
    jerr.pub.emit_message = hc_jpeg_silent;
    jerr.message[0] = 0;
    *out = nullptr;
    if (setjmp(jerr.jump)) {
        std::snprintf(message, message_cap, "libjpeg: %s", jerr.message);
        jpeg_destroy_decompress(&cinfo);
        std::free(*out);
        *out = nullptr;
        return 1;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
    jpeg_read_header(&cinfo, TRUE);
    cinfo.out_color_space = JCS_EXT_BGR;  // libjpeg-turbo extension: decode straight to BGR
    jpeg_start_decompress(&cinfo);
    const size_t stride = static_cast<size_t>(cinfo.output_width) * 3;
    *out = static_cast<uint8_t *>(std::malloc(stride * cinfo.output_height));
    if (*out == nullptr) {
        std::snprintf(message, message_cap, "out of memory");
        jpeg_destroy_decompress(&cinfo);
        return 1;
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rows[1] = {*out + stride * cinfo.output_scanline};
        jpeg_read_scanlines(&cinfo, rows, 1);
    }
    *width = static_cast<int>(cinfo.output_width);
    *height = static_cast<int>(cinfo.output_height);
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return 0;
}

}  // namespace

extern "C" hc_status hc_jpeg_encode(hc_image image, int32_t quality, uint8_t **out_data,
                                    size_t *out_size, hc_error *error) {
    if (out_data == nullptr || out_size == nullptr) return HC_ERR_ARGUMENT;
    if (image.data == nullptr || image.width <= 0 || image.height <= 0 || image.stride < image.width * 3)
        return hc::fail(error, HC_ERR_ARGUMENT, "invalid image");
    if (quality < 1 || quality > 100) return hc::fail(error, HC_ERR_ARGUMENT, "quality must be 1..100");
    char message[256] = {0};
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    if (encode_raw(image.data, image.width, image.height, image.stride, quality, &buffer, &size,
                   message, sizeof(message)) != 0)
        return hc::fail(error, HC_ERR_ENCODE, message);
    *out_data = buffer;  // jpeg_mem_dest allocates with malloc: hc_buffer_free releases it
    *out_size = size;
    return HC_OK;
}

extern "C" hc_status hc_jpeg_decode(const uint8_t *data, size_t size, uint8_t **out_pixels,
                                    int32_t *out_width, int32_t *out_height, hc_error *error) {
    if (data == nullptr || out_pixels == nullptr || out_width == nullptr || out_height == nullptr)
        return HC_ERR_ARGUMENT;
    if (size < 4) return hc::fail(error, HC_ERR_DECODE, "not a JPEG (too short)");
    char message[256] = {0};
    int w = 0, h = 0;
    if (decode_raw(data, size, out_pixels, &w, &h, message, sizeof(message)) != 0)
        return hc::fail(error, HC_ERR_DECODE, message);
    *out_width = w;
    *out_height = h;
    return HC_OK;
}
