/** Health reporting that any SPI implementation may offer to status views. */
@Export
@Version("1.1.0")
package io.epimetheus.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
