package main

import (
	"github.com/pagekeeper/pagekeeper/internal/detect"
	"github.com/pagekeeper/pagekeeper/internal/detect/conduct"
	"github.com/pagekeeper/pagekeeper/internal/detect/intent"
	"github.com/pagekeeper/pagekeeper/internal/detect/privacy"
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// familyMakers build each detector family for a practice, in the order they
// run: privacy first (its staff findings are evidence for defamation and
// harassment), then conduct (its fraud findings tell intent a "free prize"
// is not a review), then intent.
var familyMakers = []func(moderation.Practice) (detect.Family, error){
	func(p moderation.Practice) (detect.Family, error) { return privacy.New(p), nil },
	func(p moderation.Practice) (detect.Family, error) { return conduct.New(p) },
	func(p moderation.Practice) (detect.Family, error) { return intent.New(p) },
}
