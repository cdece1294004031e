package io.sac4cps.notifications.channels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SesSmtpCredentialsTest {

  @Test
  void thePasswordIsTheOneSesDocumentsForTheKeyAndRegion() {
    // Computed with the script in SES's developer guide ("Obtaining Amazon SES SMTP credentials")
    // for AWS's documentation example key: a second, independent implementation.
    assertThat(
            SesSmtpCredentials.password("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "eu-central-1"))
        .isEqualTo("BF0/eIJm0ruTHsSjOkRuOGzGF+zeSyE3aiRzrzUQ8LwG");
  }

  @Test
  void theRegionIsPartOfThePassword() {
    assertThat(SesSmtpCredentials.password("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1"))
        .isNotEqualTo("BF0/eIJm0ruTHsSjOkRuOGzGF+zeSyE3aiRzrzUQ8LwG");
  }

  @Test
  void theCredentialsNeverPrintThePassword() {
    assertThat(new SesSmtpCredentials("AKIAEXAMPLE", "secret-password").toString())
        .contains("AKIAEXAMPLE")
        .doesNotContain("secret-password");
  }
}
