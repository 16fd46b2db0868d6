package cuda

import (
	"fmt"

	"github.com/bayes-dev/bayes/cnuts"
)

// Session is a GPU made ready to sample one model: the driver, a context
// on the first device, and the model's chains compiled and loaded.
type Session struct {
	*Chains
	Device Device
	driver *Driver
	ctx    *Context
}

// OpenSession loads the driver and NVRTC, compiles src for the first GPU
// and loads it. Each error says what is missing: no driver or no GPU
// (wrapping ErrNoDriver or ErrNoDevice), no NVRTC, or a failed compile.
func OpenSession(src *cnuts.ChainSource) (s *Session, err error) {
	s = &Session{}
	defer func() {
		if err != nil {
			s.Close()
			s = nil
		}
	}()
	if s.driver, err = Open(); err != nil {
		return s, err
	}
	devs, err := s.driver.Devices()
	if err != nil {
		return s, err
	}
	if len(devs) == 0 {
		return s, fmt.Errorf("%w: the driver lists no device", ErrNoDevice)
	}
	s.Device = devs[0]
	if _, _, err := s.driver.NVRTCVersion(); err != nil {
		return s, fmt.Errorf("%s found, but NVRTC (libnvrtc.so, from the CUDA toolkit) could not be loaded: %w", s.Device.Name, err)
	}
	if s.ctx, err = s.driver.NewContext(s.Device.Ordinal); err != nil {
		return s, err
	}
	s.Chains, err = LoadChains(s.driver, s.ctx, src, s.Device.Arch())
	return s, err
}

// Close unloads the model and releases the context and the driver.
func (s *Session) Close() error {
	var first error
	keep := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	if s.Chains != nil {
		keep(s.Chains.Close())
	}
	if s.ctx != nil {
		keep(s.ctx.Close())
	}
	if s.driver != nil {
		keep(s.driver.Close())
	}
	s.Chains, s.ctx, s.driver = nil, nil, nil // a second Close does nothing
	return first
}
