//! Roster import (filled in below).
