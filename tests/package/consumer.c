/* Reads one Shop_Order as JSON on stdin and writes it as MOF instance text:
 * the installed header, library and generated code work together. */
#include <stdio.h>
#include <stdlib.h>

#include "Shop_Order.h"

int main(void)
{
    static char text[4096];
    size_t length = fread(text, 1, sizeof text, stdin);
    mofrt_reader in;
    mofrt_error err;
    Shop_Order order;
    mofrt_buffer out = {0};
    int rc;

    mofrt_reader_init(&in, text, length);
    Shop_Order_init(&order);
    rc = Shop_Order_read_json(&in, &order, 0, &err);
    if (rc != 1) {
        char message[512];
        mofrt_error_format(&err, "stdin", message, sizeof message);
        fprintf(stderr, "%s\n", rc < 0 ? message : "no record");
        return 1;
    }
    if (Shop_Order_get_Status(&order) != Shop_Order_Status_Shipped || Shop_Order_to_mof(&order, &out) != 0)
        return 1;
    fwrite(out.data, 1, out.length, stdout);
    Shop_Order_free(&order);
    mofrt_buffer_free(&out);
    return 0;
}
