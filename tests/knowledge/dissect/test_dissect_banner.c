/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dissectors of protocols whose server speaks first (SSH, SMTP, FTP, POP3, IMAP) over
 * banners recorded from sshd, exim, vsftpd and dovecot, and hand-built near-misses. */
#include <string.h>

#include "fixture.h"

#define ck_assert_field_text(dissector, text, field, expected)                              \
  do                                                                                        \
    {                                                                                       \
      g_autofree char *value_ = fixture_field_text (dissector, text, field);                \
      ck_assert_msg (value_ != NULL, "%s: no field %s", dissector, field);                  \
      ck_assert_str_eq (value_, expected);                                                  \
    }                                                                                       \
  while (0)

/* --- SSH --- */

START_TEST (ssh_openssh)
{
  g_autoptr (GBytes) banner = fixture_load ("ssh-openssh.bin");
  g_autofree char *protocol = fixture_field ("ssh", banner, "ssh.protocol");
  g_autofree char *software = fixture_field ("ssh", banner, "ssh.software");
  g_autofree char *comments = fixture_field ("ssh", banner, "ssh.comments");

  ck_assert_int_eq (fixture_score ("ssh", banner), CC_SCORE_CERTAIN);
  ck_assert_str_eq (protocol, "2.0");
  ck_assert_str_eq (software, "OpenSSH_9.2p1");
  ck_assert_str_eq (comments, "Debian-2+deb12u10");
}
END_TEST

START_TEST (ssh_versions)
{
  ck_assert_int_eq (fixture_score_text ("ssh", "SSH-1.99-Cisco-1.25\r\n"), CC_SCORE_CERTAIN);
  ck_assert_field_text ("ssh", "SSH-1.99-Cisco-1.25\r\n", "ssh.protocol", "1.99");
  ck_assert_field_text ("ssh", "SSH-1.99-Cisco-1.25\r\n", "ssh.software", "Cisco-1.25");
  ck_assert_int_eq (fixture_score_text ("ssh", "SSH-1.5-OldServer\n"), CC_SCORE_CERTAIN);
  ck_assert_field_text ("ssh", "SSH-1.5-OldServer\n", "ssh.protocol", "1.5");
  /* Lines before the identification line are allowed (RFC 4253 4.2). */
  ck_assert_int_eq (fixture_score_text ("ssh", "Welcome\r\nauthorised use only\r\n"
                                               "SSH-2.0-dropbear_2022.83\r\n"),
                    CC_SCORE_CERTAIN);
  ck_assert_field_text ("ssh", "Hi\r\nSSH-2.0-dropbear_2022.83\r\n", "ssh.software",
                        "dropbear_2022.83");
}
END_TEST

START_TEST (ssh_near_misses)
{
  static const char *const not_ssh[] = {
    "SSH-2.0\r\n", "SSH-2.0-\r\n", "SSH-2-OpenSSH\r\n", "SSH-2.0.1-x\r\n", "SSH-.0-x\r\n",
    "SSH-2.-x\r\n", "SSH-2.0_OpenSSH\r\n", "ssh-2.0-OpenSSH\r\n", "SSH-2.0-Open\x01SSH\r\n",
    "220 mail ESMTP\r\n", "HTTP/1.1 200 OK\r\n", "SSH-X", NULL,
  };
  for (guint i = 0; not_ssh[i] != NULL; i++)
    ck_assert_msg (fixture_score_text ("ssh", not_ssh[i]) == CC_SCORE_NONE, "'%s' scored",
                   not_ssh[i]);
}
END_TEST

START_TEST (ssh_truncated_and_oversized)
{
  g_autofree char *long_line = NULL;
  g_autofree char *many_lines = NULL;
  int score;

  ck_assert_int_eq (fixture_score_text ("ssh", ""), -4);
  ck_assert_int_eq (fixture_score_text ("ssh", "SS"), -2);
  ck_assert_int_eq (fixture_score_text ("ssh", "SSH-2."), -1);
  ck_assert_int_eq (fixture_score_text ("ssh", "SSH-2.0-"), -1);
  score = fixture_score_text ("ssh", "SSH-2.0-OpenSSH_9");
  ck_assert_int_ge (score, CC_SCORE_THRESHOLD);
  ck_assert_int_lt (score, CC_SCORE_CERTAIN);
  ck_assert_field_text ("ssh", "SSH-2.0-OpenSSH_9", "ssh.software", "OpenSSH_9");
  long_line = g_strdup_printf ("SSH-2.0-%0300d\r\n", 1);
  ck_assert_int_eq (fixture_score_text ("ssh", long_line), CC_SCORE_NONE);
  many_lines = g_strnfill (64, '\n');
  ck_assert_int_eq (fixture_score_text ("ssh", many_lines), CC_SCORE_NONE);
}
END_TEST

static Suite *
ssh_suite (void)
{
  Suite *suite = suite_create ("ssh");
  TCase *recorded = tcase_create ("recorded");
  TCase *edges = tcase_create ("edges");

  tcase_add_test (recorded, ssh_openssh);
  tcase_add_test (edges, ssh_versions);
  tcase_add_test (edges, ssh_near_misses);
  tcase_add_test (edges, ssh_truncated_and_oversized);
  suite_add_tcase (suite, recorded);
  suite_add_tcase (suite, edges);
  return suite;
}

/* --- SMTP and FTP: both greet 220 --- */

#define ck_assert_field_file(dissector, file, field, expected)                              \
  do                                                                                        \
    {                                                                                       \
      g_autoptr (GBytes) bytes_ = fixture_load (file);                                      \
      g_autofree char *value_ = fixture_field (dissector, bytes_, field);                   \
      ck_assert_msg (value_ != NULL, "%s: no field %s", dissector, field);                  \
      ck_assert_str_eq (value_, expected);                                                  \
    }                                                                                       \
  while (0)

static int
score_file (const char *dissector, const char *file)
{
  g_autoptr (GBytes) bytes = fixture_load (file);
  return fixture_score (dissector, bytes);
}

START_TEST (smtp_exim)
{
  ck_assert_int_eq (score_file ("smtp", "smtp-exim-greeting.bin"), CC_SCORE_CERTAIN);
  ck_assert_int_lt (score_file ("ftp", "smtp-exim-greeting.bin"), CC_SCORE_THRESHOLD);
  ck_assert_field_file ("smtp", "smtp-exim-greeting.bin", "smtp.code", "220");
  ck_assert_int_eq (score_file ("smtp", "smtp-exim-ehlo.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("smtp", "smtp-exim-ehlo.bin", "smtp.extensions",
                        "SIZE 8BITMIME PIPELINING CHUNKING STARTTLS HELP");
  ck_assert_int_eq (score_file ("smtp", "smtp-exim-feat-probe.bin"), CC_SCORE_CERTAIN);
  ck_assert_int_lt (score_file ("ftp", "smtp-exim-feat-probe.bin"), CC_SCORE_THRESHOLD);
}
END_TEST

START_TEST (ftp_vsftpd)
{
  ck_assert_int_eq (score_file ("ftp", "ftp-vsftpd-greeting.bin"), CC_SCORE_CERTAIN);
  ck_assert_int_lt (score_file ("smtp", "ftp-vsftpd-greeting.bin"), CC_SCORE_THRESHOLD);
  ck_assert_field_file ("ftp", "ftp-vsftpd-greeting.bin", "ftp.greeting", "(vsFTPd 3.0.3)");
  ck_assert_int_eq (score_file ("ftp", "ftp-vsftpd-feat.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("ftp", "ftp-vsftpd-feat.bin", "ftp.features",
                        "EPRT,EPSV,MDTM,PASV,REST STREAM,SIZE,TVFS");
  ck_assert_int_eq (score_file ("ftp", "ftp-vsftpd-ehlo-probe.bin"), CC_SCORE_CERTAIN);
  ck_assert_int_lt (score_file ("smtp", "ftp-vsftpd-ehlo-probe.bin"), CC_SCORE_THRESHOLD);
}
END_TEST

START_TEST (smtp_ftp_ambiguous_220)
{
  /* Neither names itself: both stay below the threshold until a probe answers. */
  const char *bare = "220 mail.example.test ready\r\n";
  const char *after_ehlo = "220 ready\r\n250-host greets you\r\n250 PIPELINING\r\n";
  const char *after_feat = "220 ready\r\n211-Extensions supported:\r\n MDTM\r\n211 END\r\n";
  const char *after_syst = "220 ready\r\n215 UNIX Type: L8\r\n";
  g_autofree char *system = fixture_field_text ("ftp", after_syst, "ftp.system");

  ck_assert_int_gt (fixture_score_text ("smtp", bare), CC_SCORE_NONE);
  ck_assert_int_lt (fixture_score_text ("smtp", bare), CC_SCORE_THRESHOLD);
  ck_assert_int_gt (fixture_score_text ("ftp", bare), CC_SCORE_NONE);
  ck_assert_int_lt (fixture_score_text ("ftp", bare), CC_SCORE_THRESHOLD);
  ck_assert_int_eq (fixture_score_text ("smtp", after_ehlo), CC_SCORE_CERTAIN);
  ck_assert_int_lt (fixture_score_text ("ftp", after_ehlo), CC_SCORE_THRESHOLD);
  ck_assert_int_eq (fixture_score_text ("ftp", after_feat), CC_SCORE_CERTAIN);
  ck_assert_int_lt (fixture_score_text ("smtp", after_feat), CC_SCORE_THRESHOLD);
  ck_assert_int_eq (fixture_score_text ("ftp", after_syst), CC_SCORE_CERTAIN);
  ck_assert_str_eq (system, "UNIX Type: L8");
}
END_TEST

START_TEST (smtp_ftp_edges)
{
  ck_assert_int_eq (fixture_score_text ("smtp", ""), -4);
  ck_assert_int_eq (fixture_score_text ("smtp", "22"), -2);
  ck_assert_int_eq (fixture_score_text ("ftp", "220 (vsFTPd"), -1);
  ck_assert_int_eq (fixture_score_text ("smtp", "22x"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("smtp", "2200 ESMTP\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("ftp", "hello FTP\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("smtp", "SSH-2.0-x\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("smtp", "554 5.7.1 no SMTP service here\r\n"),
                    CC_SCORE_CERTAIN);
  ck_assert_int_eq (fixture_score_text ("smtp", "220 ESMTP and FTP\r\n"), 20);
  ck_assert_int_eq (fixture_score_text ("ftp", "220\r\n"), 40);
}
END_TEST

static Suite *
smtp_ftp_suite (void)
{
  Suite *suite = suite_create ("smtp+ftp");
  TCase *recorded = tcase_create ("recorded");
  TCase *edges = tcase_create ("edges");

  tcase_add_test (recorded, smtp_exim);
  tcase_add_test (recorded, ftp_vsftpd);
  tcase_add_test (edges, smtp_ftp_ambiguous_220);
  tcase_add_test (edges, smtp_ftp_edges);
  suite_add_tcase (suite, recorded);
  suite_add_tcase (suite, edges);
  return suite;
}

/* --- POP3, IMAP --- */

START_TEST (pop3_dovecot)
{
  ck_assert_int_eq (score_file ("pop3", "pop3-dovecot.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("pop3", "pop3-dovecot.bin", "pop3.greeting", "Dovecot (Debian) ready.");
  ck_assert_int_eq (score_file ("imap", "pop3-dovecot.bin"), CC_SCORE_NONE);
  ck_assert_field_text ("pop3", "+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n",
                        "pop3.apop_timestamp", "<1896.697170952@dbc.mtview.ca.us>");
  ck_assert_int_eq (fixture_score_text ("pop3", "+O"), -1);
  ck_assert_int_eq (fixture_score_text ("pop3", "+OK"), -1);
  ck_assert_int_eq (fixture_score_text ("pop3", "+OKAY\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("pop3", "+PONG\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("pop3", "-ERR no\r\n"), CC_SCORE_NONE);
}
END_TEST

START_TEST (imap_dovecot)
{
  ck_assert_int_eq (score_file ("imap", "imap-dovecot.bin"), CC_SCORE_CERTAIN);
  ck_assert_field_file ("imap", "imap-dovecot.bin", "imap.status", "OK");
  ck_assert_field_file ("imap", "imap-dovecot.bin", "imap.capability",
                        "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
                        "LOGINDISABLED");
  ck_assert_field_file ("imap", "imap-dovecot.bin", "imap.greeting", "Dovecot (Debian) ready.");
  ck_assert_int_eq (score_file ("pop3", "imap-dovecot.bin"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("imap", "* PREAUTH IMAP4rev2 as joe\r\n"),
                    CC_SCORE_CERTAIN);
  ck_assert_field_text ("imap", "* BYE [UNAVAILABLE] busy\r\n", "imap.greeting", "busy");
  ck_assert_int_eq (fixture_score_text ("imap", "* B"), -2);
  ck_assert_int_eq (fixture_score_text ("imap", "* OK"), -1);
  ck_assert_int_eq (fixture_score_text ("imap", "* OKAY\r\n"), CC_SCORE_NONE);
  ck_assert_int_eq (fixture_score_text ("imap", "a001 OK\r\n"), CC_SCORE_NONE);
  ck_assert_ptr_null (fixture_field_text ("imap", "* OK [CAPABILITY IMAP4", "imap.capability"));
}
END_TEST

static Suite *
mail_suite (void)
{
  Suite *suite = suite_create ("pop3+imap");
  TCase *recorded = tcase_create ("recorded");

  tcase_add_test (recorded, pop3_dovecot);
  tcase_add_test (recorded, imap_dovecot);
  suite_add_tcase (suite, recorded);
  return suite;
}

int
main (void)
{
  Suite *suites[] = { ssh_suite (), smtp_ftp_suite (), mail_suite () };
  return fixture_run (suites, G_N_ELEMENTS (suites));
}
