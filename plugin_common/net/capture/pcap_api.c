/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "net/capture/pcap_api.h"

#include <dlfcn.h>
#include <string.h>

#include "net/capture/capture.h"

/* Debian's soname first, then upstream's. */
static const char *const sonames[] = { "libpcap.so.0.8", "libpcap.so.1" };

static const struct {
  const char *name;
  gsize offset;
} symbols[] = {
  { "pcap_fopen_offline_with_tstamp_precision", G_STRUCT_OFFSET (CcPcapApi, fopen_offline) },
  { "pcap_compile", G_STRUCT_OFFSET (CcPcapApi, compile) },
  { "pcap_setfilter", G_STRUCT_OFFSET (CcPcapApi, setfilter) },
  { "pcap_freecode", G_STRUCT_OFFSET (CcPcapApi, freecode) },
  { "pcap_next_ex", G_STRUCT_OFFSET (CcPcapApi, next_ex) },
  { "pcap_datalink", G_STRUCT_OFFSET (CcPcapApi, datalink) },
  { "pcap_datalink_val_to_name", G_STRUCT_OFFSET (CcPcapApi, datalink_val_to_name) },
  { "pcap_geterr", G_STRUCT_OFFSET (CcPcapApi, geterr) },
  { "pcap_close", G_STRUCT_OFFSET (CcPcapApi, close) },
};

gboolean
cc_pcap_api_open (CcPcapApi *api, GError **error)
{
  memset (api, 0, sizeof *api);
  for (guint i = 0; i < G_N_ELEMENTS (sonames) && api->handle == NULL; i++)
    api->handle = dlopen (sonames[i], RTLD_NOW | RTLD_LOCAL);
  if (api->handle == NULL)
    {
      g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_OPEN,
                   "reading captures needs libpcap (apt-get install libpcap0.8): %s",
                   dlerror ());
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    {
      void *symbol = dlsym (api->handle, symbols[i].name);
      if (symbol == NULL)
        {
          g_set_error (error, CC_CAPTURE_ERROR, CC_CAPTURE_ERROR_OPEN,
                       "the installed libpcap lacks %s", symbols[i].name);
          cc_pcap_api_close (api);
          return FALSE;
        }
      /* A data pointer from dlsym becomes a function pointer: POSIX allows it. */
      memcpy ((char *) api + symbols[i].offset, &symbol, sizeof symbol);
    }
  return TRUE;
}

void
cc_pcap_api_close (CcPcapApi *api)
{
  if (api->handle != NULL)
    dlclose (api->handle);
  memset (api, 0, sizeof *api);
}
